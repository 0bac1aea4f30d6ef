using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Services;

/// <summary>One version's badge in the author lists, e.g. "v2 Active · 23 enrolled" or "v3 Draft · edited today".</summary>
public sealed record VersionBadge(int Number, VersionStatus Status, bool IsActive, bool IsScheduled, string Text);

/// <summary>A course or package with the badges of its versions, newest first.</summary>
public sealed record AuthoredItem(string Id, string Title, IReadOnlyList<VersionBadge> Versions);

/// <summary>The author pages' way to the course and package grains.</summary>
public sealed class AuthoringService(IGrainFactory grains, TimeProvider clock)
{
    public async Task<IReadOnlyList<AuthoredItem>> ListCoursesAsync()
    {
        var courses = await grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog).ListCoursesAsync(new CatalogQuery(IncludeUnpublished: true));
        var histories = await Task.WhenAll(courses.Select(c => grains.GetGrain<ICourseGrain>(GrainKeys.Course(c.Id)).GetHistoryAsync()));
        return [.. courses.Select((c, i) => new AuthoredItem(c.Id, c.Title, [.. histories[i].Reverse().Select(v => Badge(v, null))]))];
    }

    public async Task<IReadOnlyList<AuthoredItem>> ListPackagesAsync()
    {
        var packages = await grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog).ListPackagesAsync(includeUnpublished: true);
        var items = new List<AuthoredItem>();
        foreach (var package in packages)
        {
            var history = await grains.GetGrain<IPackageGrain>(GrainKeys.Package(package.Id)).GetHistoryAsync();
            var counts = await Task.WhenAll(history.Select(v => grains.GetGrain<IPackageVersionStatsGrain>(GrainKeys.PackageVersionStats(package.Id, v.Number)).GetAsync()));
            items.Add(new AuthoredItem(package.Id, package.Name, [.. history.Select((v, i) => Badge(v, counts[i])).Reverse()]));
        }

        return items;
    }

    private VersionBadge Badge(VersionInfo v, PackageVersionCounts? counts)
    {
        var label = v.IsScheduled ? "Scheduled" : v.IsActive ? "Active" : v.Status.ToString();
        var detail = v.Status switch
        {
            VersionStatus.Draft => v.UpdatedAt.Date == clock.GetUtcNow().Date ? "edited today" : $"edited {v.UpdatedAt:yyyy-MM-dd}",
            VersionStatus.Archived when counts is not null => $"{counts.Completed} completed",
            _ when counts is not null => $"{counts.Enrolled} enrolled",
            VersionStatus.Archived => $"archived {v.ArchivedAt:yyyy-MM-dd}",
            _ => v.IsScheduled ? $"from {v.EffectiveDate:yyyy-MM-dd HH:mm}" : $"published {v.PublishedAt:yyyy-MM-dd}",
        };
        return new VersionBadge(v.Number, v.Status, v.IsActive, v.IsScheduled, $"v{v.Number} {label} · {detail}");
    }
}
