using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Abstractions.Catalog;

/// <summary>What the catalog lists of one package, like <see cref="CourseSummary"/> for courses.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.package-summary")]
public sealed record PackageSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] string? Category,
    [property: Id(4)] int ActiveVersion,
    [property: Id(5)] VersionStatus Status);
