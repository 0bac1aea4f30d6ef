using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>Enrollment and completion counts of one package version, kept apart from the package grain so
/// thousands of enrollments never queue behind a publish. Key: <c>GrainKeys.PackageVersionStats(id, version)</c>.</summary>
[Alias("courseportal.package-version-stats")]
public interface IPackageVersionStatsGrain : IGrainWithStringKey
{
    /// <summary>Counts one more enrollment (fire and forget).</summary>
    [Alias("enrolled")]
    [OneWay]
    Task RecordEnrollmentAsync();

    /// <summary>Counts one more completion (fire and forget).</summary>
    [Alias("completed")]
    [OneWay]
    Task RecordCompletionAsync();

    /// <summary>The counts so far.</summary>
    [Alias("get")]
    [ReadOnly]
    Task<PackageVersionCounts> GetAsync();
}

/// <summary>How many learners enrolled in and completed one package version.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.package-version-counts")]
public sealed record PackageVersionCounts(
    [property: Id(0)] int Enrolled,
    [property: Id(1)] int Completed);
