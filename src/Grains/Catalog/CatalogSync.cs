using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Grains.Versioning;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Grains.Catalog;

/// <summary>Keeps the catalog's summaries in step with the course and package grains' version logs.</summary>
public static partial class CatalogSync
{
    public static CourseSummary Summarize(string courseId, VersionLog<CourseContent> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var content = Shown(versions);
        return new CourseSummary(courseId, content.Title, content.Description ?? "", content.Tags, content.ProductSuite,
            content.ProductConcept, content.EffectiveDurationMinutes, versions.Active ?? 0, Status(versions));
    }

    public static PackageSummary Summarize(string packageId, VersionLog<PackageContent> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var content = Shown(versions);
        return new PackageSummary(packageId, content.Name, content.Description ?? "", content.Category, versions.Active ?? 0, Status(versions));
    }

    /// <summary>Pushes a course's summary, or removes it when no version is left.</summary>
    public static Task PushAsync(IGrainFactory grains, string courseId, VersionLog<CourseContent> versions, ILogger logger) =>
        PushAsync(grains, courseId, logger, catalog => versions.Exists
            ? catalog.UpsertCourseAsync(Summarize(courseId, versions))
            : catalog.RemoveCourseAsync(courseId));

    /// <summary>Pushes a package's summary, or removes it when no version is left.</summary>
    public static Task PushAsync(IGrainFactory grains, string packageId, VersionLog<PackageContent> versions, ILogger logger) =>
        PushAsync(grains, packageId, logger, catalog => versions.Exists
            ? catalog.UpsertPackageAsync(Summarize(packageId, versions))
            : catalog.RemovePackageAsync(packageId));

    // The owner's own write has already succeeded, so a failure here is logged, not thrown: the owner
    // pushes again on its next change or activation.
    private static async Task PushAsync(IGrainFactory grains, string id, ILogger logger, Func<ICatalogGrain, Task> push)
    {
        ArgumentNullException.ThrowIfNull(grains);
        try
        {
            await push(grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog));
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            LogCatalogStale(logger, id, ex);
        }
    }

    private static TContent Shown<TContent>(VersionLog<TContent> versions)
        where TContent : class => (versions.ActiveVersion ?? versions.Versions[^1]).Content;

    private static VersionStatus Status<TContent>(VersionLog<TContent> versions)
        where TContent : class =>
        versions.Active is not null ? VersionStatus.Published
        : versions.Versions.Exists(v => v.Status != VersionStatus.Draft) ? VersionStatus.Archived
        : VersionStatus.Draft;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The catalog entry of {Id} could not be updated; it catches up with the next change")]
    private static partial void LogCatalogStale(ILogger logger, string id, Exception exception);
}
