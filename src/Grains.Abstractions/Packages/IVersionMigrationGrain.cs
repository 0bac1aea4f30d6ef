using System.Collections.Immutable;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>Moving the enrollments of an older package version, chosen by status, to the active version: in
/// bounded batches in the background, resumed after a silo restart, audited. Key: <c>GrainKeys.Migration(id)</c>.</summary>
[Alias("courseportal.version-migration")]
public interface IVersionMigrationGrain : IGrainWithStringKey
{
    /// <summary>Starts moving <paramref name="fromVersion"/>'s enrollments whose status is in
    /// <paramref name="statuses"/> (not started, in progress) to the active version; starting again returns the status.</summary>
    [Alias("start")]
    Task<MigrationStatus> StartAsync(string packageId, int fromVersion, ImmutableArray<EnrollmentStatus> statuses, string actor);

    /// <summary>How far the move has got; 404 for an unknown migration.</summary>
    [Alias("get")]
    [ReadOnly]
    Task<MigrationStatus> GetAsync();
}

[GenerateSerializer]
[Alias("courseportal.migration-state-kind")]
public enum MigrationState
{
    Running = 0,
    Completed = 1,
    Failed = 2,

    /// <summary>Given up on purpose before the end: the status's reason says why (e.g. a newer version was published).</summary>
    Stopped = 3,
}

/// <summary>A migration's progress: learners looked at, moved and left where they were; when it stopped early, why.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.migration-status")]
public sealed record MigrationStatus(
    [property: Id(0)] string MigrationId,
    [property: Id(1)] string PackageId,
    [property: Id(2)] int FromVersion,
    [property: Id(3)] int ToVersion,
    [property: Id(4)] ImmutableArray<EnrollmentStatus> Statuses,
    [property: Id(5)] MigrationState State,
    [property: Id(6)] int Processed,
    [property: Id(7)] int Moved,
    [property: Id(8)] string StartedBy,
    [property: Id(9)] DateTimeOffset StartedAt,
    [property: Id(10)] DateTimeOffset? CompletedAt = null,
    [property: Id(11)] string? Error = null,
    [property: Id(12)] string? Reason = null);
