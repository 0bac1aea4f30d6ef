using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Services;

/// <summary>A course or package in the author lists with its versions, newest first.</summary>
public sealed record AuthoredItem(string Id, string Title, IReadOnlyList<AuthoredVersion> Versions)
{
    /// <summary>Where the overview lists it: under the first that applies of a draft open, a version scheduled, a version
    /// active, or archived (published once, nothing active now). Each item is listed once.</summary>
    public AuthoredState State =>
        Draft is not null ? AuthoredState.Draft
        : Scheduled is not null ? AuthoredState.Scheduled
        : Active is not null ? AuthoredState.Active
        : AuthoredState.Archived;

    public VersionInfo? Draft => Versions.FirstOrDefault(v => v.Info.Status == VersionStatus.Draft)?.Info;

    public VersionInfo? Scheduled => Versions.FirstOrDefault(v => v.Info.IsScheduled)?.Info;

    public VersionInfo? Active => Versions.FirstOrDefault(v => v.Info.IsActive)?.Info;
}

/// <summary>The overview's sections, in the order they are shown: what is being worked on first.</summary>
public enum AuthoredState
{
    Draft,
    Scheduled,
    Active,
    Archived,
}

/// <summary>One version in the author lists with its learners: enrolled and completed for a package, started and
/// completed for a course; null for a course version nobody started.</summary>
public sealed record AuthoredVersion(VersionInfo Info, PackageVersionCounts? Counts);
