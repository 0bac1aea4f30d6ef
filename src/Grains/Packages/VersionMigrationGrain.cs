using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Grains.Learning;
using CoursePortal.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Grains.Packages;

/// <summary>
/// Moves learners batch by batch on a grain timer, storing its cursor and counts after each batch; a
/// reminder brings it back after a silo restart and it carries on from the cursor. Moving a learner twice
/// is impossible (the enrollment only moves from the old version), so a repeated batch changes nothing.
/// A move targets the version active when it started; once another version is active it stops (status
/// <see cref="MigrationState.Stopped"/> with the reason) and the learners not yet moved stay where they were.
/// </summary>
public sealed partial class VersionMigrationGrain(
    [PersistentState(StorageNames.MigrationState, StorageNames.Grains)] IPersistentState<VersionMigrationState> state,
    ILearningEventQueries events,
    TimeProvider clock,
    ILogger<VersionMigrationGrain> logger) : Grain, IVersionMigrationGrain, IRemindable
{
    public const int BatchSize = 100;
    private const string KeepAliveReminder = "resume-migration";
    private IGrainTimer? _timer;

    private string MigrationId => GrainKeys.Strip(this.GetPrimaryKeyString(), GrainKeys.MigrationPrefix);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _timer = this.RegisterScopedTimer("run-batch", RunBatchAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        if (state.State.Status is { State: MigrationState.Running })
        {
            _timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    public async Task<MigrationStatus> StartAsync(string packageId, int fromVersion, ImmutableArray<EnrollmentStatus> statuses, string actor)
    {
        if (state.State.Status is { } existing)
        {
            return existing;
        }

        var active = await GrainFactory.GetGrain<IPackageGrain>(GrainKeys.Package(packageId)).GetActiveAsync();
        MigrationProgress.RequireMovable(packageId, fromVersion, statuses, active?.Number);
        await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        state.State.Status = new MigrationStatus(MigrationId, packageId, fromVersion, active!.Number, statuses, MigrationState.Running, 0, 0, actor, clock.GetUtcNow());
        await state.WriteStateAsync();
        _timer!.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        return state.State.Status;
    }

    public Task<MigrationStatus> GetAsync() =>
        Task.FromResult(state.State.Status ?? throw DomainException.NotFound("Migration", MigrationId));

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        Task.CompletedTask; // Being called activates the grain; OnActivateAsync resumes the work.

    private async Task RunBatchAsync(CancellationToken cancellationToken)
    {
        if (state.State.Status is not { State: MigrationState.Running } status)
        {
            return;
        }

        try
        {
            var users = await events.EnrolledUsersAsync(status.PackageId, status.FromVersion, state.State.Cursor, BatchSize, cancellationToken);
            // Read again for every batch, as late as possible before it moves anyone: a version published (or the
            // package archived) since the move started must not get learners moved onto a version nobody enrolls in any more.
            var target = await GrainFactory.GetGrain<IPackageGrain>(GrainKeys.Package(status.PackageId)).GetActiveAsync();
            if (target?.Number != status.ToVersion)
            {
                await StopAsync(status, MigrationProgress.StopReason(status.ToVersion, target?.Number), cancellationToken);
                return;
            }

            var moved = await MoveAsync(status, users, target);
            await RecordBatchAsync(status, users, moved, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or DomainException or Npgsql.NpgsqlException)
        {
            // The batch is retried from the stored cursor; moves already made are not repeated.
            LogRetrying(logger, MigrationId, ex);
            _timer!.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        }
    }

    private async Task<int> MoveAsync(MigrationStatus status, IReadOnlyList<string> users, ContentVersion<PackageContent> target)
    {
        var moved = 0;
        foreach (var userId in users)
        {
            var completions = await GrainFactory.GetGrain<IUserGrain>(GrainKeys.User(userId)).GetCompletionsAsync();
            moved += await GrainFactory.GetGrain<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(userId, status.PackageId))
                .MoveToVersionAsync(status.FromVersion, status.Statuses, target, completions, status.StartedBy) ? 1 : 0;
        }

        return moved;
    }

    // The cursor and counts are stored before the next batch starts, so a batch retried after a crash starts after the
    // last learner this one reached.
    private async Task RecordBatchAsync(MigrationStatus status, IReadOnlyList<string> users, int moved, CancellationToken cancellationToken)
    {
        state.State.Cursor = users.Count > 0 ? users[^1] : state.State.Cursor;
        state.State.Status = MigrationProgress.AfterBatch(status, users.Count, moved, BatchSize, clock.GetUtcNow());
        await state.WriteStateAsync(cancellationToken);
        if (state.State.Status.State == MigrationState.Completed)
        {
            await StopReminderAsync();
            LogCompleted(logger, MigrationId, state.State.Status.Moved, state.State.Status.Processed);
        }
        else
        {
            _timer!.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task StopAsync(MigrationStatus status, string reason, CancellationToken cancellationToken)
    {
        state.State.Status = status with { State = MigrationState.Stopped, CompletedAt = clock.GetUtcNow(), Reason = reason };
        await state.WriteStateAsync(cancellationToken);
        await StopReminderAsync();
        LogStopped(logger, MigrationId, reason, status.Moved, status.Processed);
    }

    private async Task StopReminderAsync()
    {
        if (await this.GetReminder(KeepAliveReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migration {MigrationId} finished: {Moved} of {Processed} learners moved")]
    private static partial void LogCompleted(ILogger logger, string migrationId, int moved, int processed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migration {MigrationId} stopped: {Reason} ({Moved} of {Processed} learners moved before)")]
    private static partial void LogStopped(ILogger logger, string migrationId, string reason, int moved, int processed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migration {MigrationId} batch failed; retrying from the stored cursor")]
    private static partial void LogRetrying(ILogger logger, string migrationId, Exception exception);
}
