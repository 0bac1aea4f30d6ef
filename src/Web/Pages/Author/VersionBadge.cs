using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Pages.Author;

/// <summary>One version's badge in the author lists, e.g. "v2 Active · 23 enrolled" or "v3 Draft · edited today".</summary>
public static class VersionBadge
{
    public static string Text(AuthoredVersion version, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(version);
        var (v, counts) = (version.Info, version.Counts);
        var label = v.IsScheduled ? "Scheduled" : v.IsActive ? "Active" : v.Status.ToString();
        var detail = v.Status switch
        {
            VersionStatus.Draft => v.UpdatedAt.Date == now.Date ? "edited today" : $"edited {v.UpdatedAt:yyyy-MM-dd}",
            VersionStatus.Archived when counts is not null => $"{counts.Completed} completed",
            _ when counts is not null => $"{counts.Enrolled} enrolled",
            VersionStatus.Archived => $"archived {v.ArchivedAt:yyyy-MM-dd}",
            _ => v.IsScheduled ? $"from {v.EffectiveDate:yyyy-MM-dd HH:mm}" : $"published {v.PublishedAt:yyyy-MM-dd}",
        };
        return $"v{v.Number} {label} · {detail}";
    }

    /// <summary>The badge's colour: the active version green, a draft yellow, the rest plain.</summary>
    public static string Css(AuthoredVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.Info.IsActive ? "text-bg-success" : version.Info.Status == VersionStatus.Draft ? "text-bg-warning" : "text-bg-light";
    }
}
