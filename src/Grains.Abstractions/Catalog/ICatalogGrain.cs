using System.Collections.Immutable;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Catalog;

/// <summary>Summaries of every course and package for listing and search; kept current by their grains.</summary>
[Alias("courseportal.catalog")]
public interface ICatalogGrain : IGrainWithStringKey
{
    /// <summary>Lists the published courses that match <paramref name="query"/>, ordered by title.</summary>
    [Alias("list-courses")]
    [ReadOnly]
    Task<ImmutableArray<CourseSummary>> ListCoursesAsync(CatalogQuery query);

    /// <summary>Adds or replaces one course's summary.</summary>
    [Alias("upsert-course")]
    Task UpsertCourseAsync(CourseSummary course);

    /// <summary>Takes a course off the catalog; no-op when it is not listed.</summary>
    [Alias("remove-course")]
    Task RemoveCourseAsync(string courseId);

    /// <summary>Lists packages by name: published ones, or all when <paramref name="includeUnpublished"/>.</summary>
    [Alias("list-packages")]
    [ReadOnly]
    Task<ImmutableArray<PackageSummary>> ListPackagesAsync(bool includeUnpublished);

    /// <summary>Adds or replaces one package's summary.</summary>
    [Alias("upsert-package")]
    Task UpsertPackageAsync(PackageSummary package);

    /// <summary>Takes a package off the catalog; no-op when it is not listed.</summary>
    [Alias("remove-package")]
    Task RemovePackageAsync(string packageId);
}
