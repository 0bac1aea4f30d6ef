using CoursePortal.Grains.Abstractions.Catalog;

namespace CoursePortal.Grains.Catalog;

[GenerateSerializer]
[Alias("courseportal.catalog-state")]
public sealed class CatalogState
{
    /// <summary>Course summaries by course id.</summary>
    [Id(0)]
    public Dictionary<string, CourseSummary> Courses { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Package summaries by package id.</summary>
    [Id(1)]
    public Dictionary<string, PackageSummary> Packages { get; init; } = new(StringComparer.Ordinal);
}
