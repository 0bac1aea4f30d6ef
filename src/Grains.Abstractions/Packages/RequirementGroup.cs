namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>A named, reusable course group (family, series or choice) from the library.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.requirement-group")]
public sealed record RequirementGroup(
    [property: Id(0)] string Id,
    [property: Id(1)] RequirementNode Set,
    [property: Id(2)] string UpdatedBy,
    [property: Id(3)] DateTimeOffset UpdatedAt);
