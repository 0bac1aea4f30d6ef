using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Versioning;
using Microsoft.Extensions.Logging;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Courses;

/// <summary>Keeps the catalog's summary of a course in step with the course grain's state.</summary>
public static partial class CatalogSync
{
    public static CourseSummary Summarize(string courseId, VersionLog<CourseContent> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var shown = state.ActiveVersion ?? state.Versions[^1];
        var content = shown.Content.Normalize();
        var status = state.Active is not null ? VersionStatus.Published
            : state.Versions.Exists(v => v.Status != VersionStatus.Draft) ? VersionStatus.Archived
            : VersionStatus.Draft;
        return new CourseSummary(courseId, content.Title, content.Description ?? "", content.Tags, content.ProductSuite,
            content.ProductConcept, content.EffectiveDurationMinutes, state.Active ?? 0, status);
    }

    /// <summary>Pushes the summary (or removes it when the course has no version left). The course's own
    /// write has already succeeded, so a failure here is logged, not thrown: the next change pushes again.</summary>
    public static async Task PushAsync(IGrainFactory grains, string courseId, VersionLog<CourseContent> state, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(state);
        var catalog = grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog);
        try
        {
            if (state.Exists)
            {
                await catalog.UpsertCourseAsync(Summarize(courseId, state));
            }
            else
            {
                await catalog.RemoveCourseAsync(courseId);
            }
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            LogCatalogStale(logger, courseId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The catalog entry of course {CourseId} could not be updated; it catches up with the course's next change")]
    private static partial void LogCatalogStale(ILogger logger, string courseId, Exception exception);
}
