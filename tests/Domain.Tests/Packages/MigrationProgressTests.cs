using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Domain.Tests.Packages;

public sealed class MigrationProgressTests
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly MigrationStatus Running = new("m1", "p1", 1, 2, ImmutableArray.Create(EnrollmentStatus.InProgress),
        MigrationState.Running, Processed: 100, Moved: 40, "admin", T0);

    [Fact]
    public void AFullBatchAddsItsCountsAndKeepsTheMoveRunning()
    {
        var next = MigrationProgress.AfterBatch(Running, processed: 100, moved: 7, batchSize: 100, T0.AddMinutes(1));

        Assert.Equal((200, 47, MigrationState.Running, (DateTimeOffset?)null), (next.Processed, next.Moved, next.State, next.CompletedAt));
    }

    [Fact]
    public void ASmallerBatchIsTheLastAndCompletesTheMove()
    {
        var next = MigrationProgress.AfterBatch(Running, processed: 0, moved: 0, batchSize: 100, T0.AddMinutes(2));

        Assert.Equal((100, 40, MigrationState.Completed, (DateTimeOffset?)T0.AddMinutes(2)), (next.Processed, next.Moved, next.State, next.CompletedAt));
    }

    [Fact]
    public void TheStopReasonNamesTheVersionNowActiveOrItsAbsence()
    {
        Assert.Equal("version 2 is no longer active; version 3 is", MigrationProgress.StopReason(2, 3));
        Assert.Equal("version 2 is no longer active; the package has no active version", MigrationProgress.StopReason(2, null));
    }

    [Fact]
    public void OnlyOpenEnrollmentsMoveAndOnlyToANewerActiveVersion()
    {
        ImmutableArray<EnrollmentStatus> open = [EnrollmentStatus.NotStarted, EnrollmentStatus.InProgress];

        MigrationProgress.RequireMovable("p1", 1, open, activeVersion: 2);
        var refusals = new[]
        {
            Assert.Throws<DomainException>(() => MigrationProgress.RequireMovable("p1", 1, [], 2)),
            Assert.Throws<DomainException>(() => MigrationProgress.RequireMovable("p1", 1, [EnrollmentStatus.Completed], 2)),
            Assert.Throws<DomainException>(() => MigrationProgress.RequireMovable("p1", 1, open, null)),
            Assert.Throws<DomainException>(() => MigrationProgress.RequireMovable("p1", 2, open, 2)),
        };

        Assert.Equal(
            [ErrorCodes.InvalidStatuses, ErrorCodes.InvalidStatuses, ErrorCodes.NoActiveVersion, ErrorCodes.NotAnOlderVersion],
            refusals.Select(r => r.Code));
    }
}
