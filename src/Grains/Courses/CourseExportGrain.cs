using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Courses.Archive;
using CoursePortal.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoursePortal.Grains.Courses;

/// <summary>
/// Writes one course version to a ZIP off the caller's request: the request is answered once Pending
/// is stored, and a grain timer does the work. An export interrupted by a silo loss resumes when the
/// grain is next activated (someone asks for its status).
/// </summary>
[GenerateSerializer]
[Alias("courseportal.course-export-state")]
public sealed class CourseExportState
{
    [Id(0)]
    public CourseExport? Export { get; set; }
}

public sealed partial class CourseExportGrain(
    [PersistentState(StorageNames.CourseExportState, StorageNames.Grains)] IPersistentState<CourseExportState> state,
    IOptions<ExportStorageOptions> storage,
    TimeProvider clock,
    ILogger<CourseExportGrain> logger) : Grain, ICourseExportGrain
{
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

    public Task<CourseExport> GetAsync() =>
        Task.FromResult(state.State.Export ?? throw DomainException.NotFound("Export", ExportId));

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
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var partial = target + ".partial";
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                CourseArchive.Write(file, version, clock.GetUtcNow());
                await file.FlushAsync(cancellationToken);
            }

            // The completed file appears whole or not at all.
            File.Move(partial, target, overwrite: true);
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
        }
    }

    private async Task SaveAsync(CourseExport export)
    {
        state.State.Export = export;
        await state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export {ExportId} of course {CourseId} version {Version} failed")]
    private static partial void LogFailed(ILogger logger, string exportId, string courseId, int version, Exception exception);
}
