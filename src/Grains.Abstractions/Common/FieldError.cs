namespace CoursePortal.Grains.Abstractions.Common;

/// <summary>One rejected input: a stable code, the path of the field at fault
/// (e.g. <c>modules[1].lessons[0].videoUrl</c>) and a sentence for people.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.field-error")]
public sealed record FieldError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Field,
    [property: Id(2)] string Message);
