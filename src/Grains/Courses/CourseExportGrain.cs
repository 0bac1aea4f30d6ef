using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoursePortal.Grains.Courses;

/// <summary>
/// Writes one course version to a ZIP off the caller's request: the request is answered once Pending
/// is stored, and a grain timer does the work. An export interrupted by a silo loss resumes when the
/// grain is next activated (someone asks for its status). A completed ZIP is deleted after
/// Storage:ExportRetentionDays, by a reminder (so a folder nobody reads does not fill up) or whenever the export
/// is read past that time, and the export is then Expired.
/// </summary>
public sealed partial class CourseExportGrain(
    [PersistentState(StorageNames.CourseExportState, StorageNames.Grains)] IPersistentState<CourseExportState> state,
    IOptions<ExportStorageOptions> storage,
    TimeProvider clock,
    ILogger<CourseExportGrain> logger) : Grain, ICourseExportGrain, IRemindable
{
    /// <summary>The reminder that deletes a completed export's ZIP once its retention has passed.</summary>
    public const string ExpiryReminder = "expire-export";

    private string ExportId => GrainKeys.Strip(this.GetPrimaryKeyString(), GrainKeys.ExportPrefix);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Export is { Status: ExportStatus.Pending or ExportStatus.Processing })
        {
            ScheduleWork();
        }

        return Task.CompletedTask;
    }

    public async Task<CourseExport> StartAsync(string courseId, int version, string requestedBy)
    {
        if (state.State.Export is { } existing)
        {
            return existing;
        }

        await SaveAsync(new CourseExport(ExportId, courseId, version, ExportStatus.Pending, requestedBy, clock.GetUtcNow()));
        ScheduleWork();
        return state.State.Export!;
    }

    public async Task<CourseExport> GetAsync()
    {
        var export = state.State.Export ?? throw DomainException.NotFound("Export", ExportId);
        await ExpireIfDueAsync(export);
        return state.State.Export!;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder)
        {
            return;
        }

        if (state.State.Export is { Status: ExportStatus.Completed } export && !await ExpireIfDueAsync(export))
        {
            await ScheduleExpiryAsync(export);
            return;
        }

        // Expired (now or before), or nothing to expire: the reminder has done its work.
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void ScheduleWork() =>
        this.RegisterScopedTimer("export", RunAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var export = state.State.Export!;
        await SaveAsync(export with { Status = ExportStatus.Processing });
        var relativePath = Path.Combine(export.CourseId, $"{export.ExportId}.zip");
        var target = storage.Value.FullPath(relativePath);
        try
        {
            var version = await GrainFactory.GetGrain<ICourseGrain>(GrainKeys.Course(export.CourseId)).GetVersionAsync(export.Version);
            await ExportFiles.WriteAsync(target, version, clock.GetUtcNow(), cancellationToken);
            await SaveAsync(state.State.Export! with
            {
                Status = ExportStatus.Completed,
                CompletedAt = clock.GetUtcNow(),
                FileSize = new FileInfo(target).Length,
                RelativePath = relativePath,
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, export.ExportId, export.CourseId, export.Version, ex);
            await SaveAsync(state.State.Export! with { Status = ExportStatus.Failed, CompletedAt = clock.GetUtcNow(), Error = ex.Message });
            return;
        }

        await ScheduleExpiryAsync(state.State.Export!);
    }

    private async Task ScheduleExpiryAsync(CourseExport export)
    {
        var due = ExportFiles.ExpiryReminderDue(export.CompletedAt!.Value, storage.Value.Retention, clock.GetUtcNow());
        await this.RegisterOrUpdateReminder(ExpiryReminder, due, ExportFiles.LongestReminderWait);
    }

    /// <summary>Deletes a completed export's ZIP once its retention has passed, and marks a completed export whose
    /// ZIP is gone (deleted here, by an operator, or a volume lost) Expired; whether it is now Expired.</summary>
    private async Task<bool> ExpireIfDueAsync(CourseExport export)
    {
        if (export is not { Status: ExportStatus.Completed, CompletedAt: { } completedAt, RelativePath: { } relative })
        {
            return export.Status == ExportStatus.Expired;
        }

        var file = storage.Value.FullPath(relative);
        var due = clock.GetUtcNow() >= completedAt + storage.Value.Retention;
        if (!due && File.Exists(file))
        {
            return false;
        }

        File.Delete(file);
        await SaveAsync(export with { Status = ExportStatus.Expired, ExpiredAt = clock.GetUtcNow() });
        LogExpired(logger, export.ExportId, export.CourseId, export.Version);
        return true;
    }

    private async Task SaveAsync(CourseExport export)
    {
        state.State.Export = export;
        await state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export {ExportId} of course {CourseId} version {Version} failed")]
    private static partial void LogFailed(ILogger logger, string exportId, string courseId, int version, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Export {ExportId} of course {CourseId} version {Version} expired; its file is deleted")]
    private static partial void LogExpired(ILogger logger, string exportId, string courseId, int version);
}
