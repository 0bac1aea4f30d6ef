using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Services;

/// <summary>A course or package in the author lists with its versions, newest first.</summary>
public sealed record AuthoredItem(string Id, string Title, IReadOnlyList<AuthoredVersion> Versions);

/// <summary>One version in the author lists with its learners: enrolled and completed for a package, started and
/// completed for a course; null for a course version nobody started.</summary>
public sealed record AuthoredVersion(VersionInfo Info, PackageVersionCounts? Counts);
