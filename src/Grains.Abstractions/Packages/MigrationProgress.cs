using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>How a move of learners to a newer version starts, goes on (its status after each batch) and why it stops
/// when the version it targets is no longer the active one.</summary>
public static class MigrationProgress
{
    /// <summary>Refuses a move of learners in <paramref name="statuses"/> from <paramref name="fromVersion"/> to the
    /// package's active version (null: it has none) unless it moves open enrollments to a newer version.</summary>
    public static void RequireMovable(string packageId, int fromVersion, ImmutableArray<EnrollmentStatus> statuses, int? activeVersion)
    {
        if (statuses.IsDefaultOrEmpty || statuses.Contains(EnrollmentStatus.Completed))
        {
            throw new DomainException([new FieldError(ErrorCodes.InvalidStatuses, "statuses", "Choose which open enrollments move: not started, in progress, or both.")]);
        }

        if (activeVersion is not { } active)
        {
            throw DomainException.Conflict(ErrorCodes.NoActiveVersion, $"Package '{packageId}' has no active version to move learners to.");
        }

        if (active <= fromVersion)
        {
            throw DomainException.Conflict(ErrorCodes.NotAnOlderVersion, $"Version {fromVersion} is not older than the active version {active}.");
        }
    }

    /// <summary><paramref name="status"/> after a batch of <paramref name="processed"/> learners, <paramref name="moved"/> of
    /// them moved; a batch smaller than <paramref name="batchSize"/> was the last, and completes the move at <paramref name="now"/>.</summary>
    public static MigrationStatus AfterBatch(MigrationStatus status, int processed, int moved, int batchSize, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var done = processed < batchSize;
        return status with
        {
            Processed = status.Processed + processed,
            Moved = status.Moved + moved,
            State = done ? MigrationState.Completed : MigrationState.Running,
            CompletedAt = done ? now : null,
        };
    }

    /// <summary>Why a move to <paramref name="toVersion"/> stops when <paramref name="activeVersion"/> is active instead
    /// (null: the package has no active version).</summary>
    public static string StopReason(int toVersion, int? activeVersion) => activeVersion is { } active
        ? $"version {toVersion} is no longer active; version {active} is"
        : $"version {toVersion} is no longer active; the package has no active version";
}
