using System.Collections.Immutable;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Catalog;

/// <summary>Summaries of published courses for listing and search; kept current by the course grains.</summary>
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

    /// <summary>Takes a course off the catalog (archived); no-op when it is not listed.</summary>
    [Alias("remove-course")]
    Task RemoveCourseAsync(string courseId);
}
