namespace CoursePortal.Grains.Abstractions.Common;

/// <summary>One field that differs between two versions, shown as text (e.g. "required: false → true").</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.field-change")]
public sealed record FieldChange(
    [property: Id(0)] string Field,
    [property: Id(1)] string? From,
    [property: Id(2)] string? To);
