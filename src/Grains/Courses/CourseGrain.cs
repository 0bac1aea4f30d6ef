using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoursePortal.Grains.Courses;

/// <summary>
/// Guards all versions of one course (rules in <see cref="CourseState"/>). A scheduled publish is a
/// persisted reminder, so it happens even if every silo restarts before the effective date.
/// </summary>
public sealed partial class CourseGrain(
    [PersistentState(StorageNames.CourseState, StorageNames.Grains)] IPersistentState<CourseState> state,
    TimeProvider clock,
    IOptions<PublishingOptions> publishing,
    ILogger<CourseGrain> logger) : Grain, ICourseGrain, IRemindable
{
    public const string ActivationReminder = "activate-scheduled-version";

    // Reminders cannot be due arbitrarily far ahead; a far-off date is approached in steps.
    private static readonly TimeSpan MaxReminderDelay = TimeSpan.FromDays(30);

    private string CourseId => GrainKeys.Strip(this.GetPrimaryKeyString(), GrainKeys.CoursePrefix);

    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A reminder that fired while the write failed, or a lost one, must not leave the version waiting.
        if (state.State.ScheduledVersion is { EffectiveDate: { } due } && due <= Now)
        {
            await ActivateScheduledAsync();
        }
        else if (state.State.Exists)
        {
            // Repairs a catalog entry left stale by a failed push; the catalog ignores an unchanged summary.
            await CatalogSync.PushAsync(GrainFactory, CourseId, state.State, logger);
        }
    }

    public Task<CourseVersion> CreateAsync(CourseContent content, string actor) =>
        ChangeAsync(s => s.Create(CourseId, ValidDraft(content), actor, Now));

    public Task<CourseVersion> SaveDraftAsync(CourseContent content, string actor)
    {
        var valid = ValidDraft(content);
        RequireExists();
        return ChangeAsync(s => s.SaveDraft(CourseId, valid, actor, Now));
    }

    public Task<CourseVersion> ImportAsync(CourseContent content, string actor)
    {
        var valid = ValidDraft(content);
        return ChangeAsync(s => s.ImportDraft(CourseId, valid, actor, Now));
    }

    public Task DiscardDraftAsync(string actor) => ChangeAsync(s => s.DiscardDraft(CourseId));

    public Task<CourseVersion> CreateDraftAsync(int? fromVersion, string actor) =>
        ChangeAsync(s => s.OpenDraft(CourseId, fromVersion, actor, Now));

    public async Task<CourseVersion> PublishAsync(PublishRequest request, string actor)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.State.Draft is { } draft)
        {
            await PrerequisiteCheck.EnsurePublishableAsync(GrainFactory, CourseId, draft.Content.Normalize().Prerequisites);
        }

        // The reminder goes first: a reminder with nothing scheduled is a harmless tick, a scheduled
        // version without its reminder would wait for ever.
        if (request.EffectiveDate is { } effective && effective > Now && state.State is { Scheduled: null, Draft: not null })
        {
            await ScheduleActivationAsync(effective);
        }

        return await ChangeAsync(s => s.Publish(CourseId, request, actor, Now, publishing.Value.RequireSecondPerson));
    }

    public Task ArchiveAsync(string actor) => ChangeAsync(s => s.Archive(CourseId, actor, Now));

    public Task<CourseVersion?> GetActiveAsync() => Task.FromResult(state.State.ActiveVersion);

    public Task<CourseVersion?> GetDraftAsync() => Task.FromResult(state.State.Draft);

    public Task<CourseVersion> GetVersionAsync(int number) => Task.FromResult(state.State.Get(CourseId, number));

    public Task<ImmutableArray<CourseVersionInfo>> GetHistoryAsync() =>
        Task.FromResult<ImmutableArray<CourseVersionInfo>>([.. state.State.Versions.Select(state.State.Describe)]);

    public Task<CourseDiff> DiffAsync(int from, int to) =>
        Task.FromResult(CourseDiff.Between(state.State.Get(CourseId, from), state.State.Get(CourseId, to)));

    public Task<PrerequisiteInfo> GetPrerequisiteInfoAsync() =>
        Task.FromResult(new PrerequisiteInfo(state.State.Active, state.State.ActiveVersion?.Content.Normalize().Prerequisites ?? []));

    public async Task<CourseExport> StartExportAsync(int version, string actor)
    {
        state.State.Get(CourseId, version);
        var exportId = Guid.NewGuid().ToString("N");
        var export = await GrainFactory.GetGrain<ICourseExportGrain>(GrainKeys.Export(exportId)).StartAsync(CourseId, version, actor);
        return await ChangeAsync(s =>
        {
            s.Exports.Add(exportId);
            return export;
        });
    }

    public async Task<ImmutableArray<CourseExport>> ListExportsAsync()
    {
        var exports = await Task.WhenAll(state.State.Exports.Select(id => GrainFactory.GetGrain<ICourseExportGrain>(GrainKeys.Export(id)).GetAsync()));
        return [.. exports.OrderByDescending(e => e.RequestedAt)];
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ActivationReminder)
        {
            return;
        }

        if (state.State.ScheduledVersion is { EffectiveDate: { } due } && due > Now)
        {
            // Early (a far-off date approached in steps, or a tick of a refused publish's reminder).
            await ScheduleActivationAsync(due);
            return;
        }

        await ActivateScheduledAsync();
        if (await this.GetReminder(ActivationReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task ActivateScheduledAsync()
    {
        if (state.State.Scheduled is { } number)
        {
            var version = await ChangeAsync(s => s.Activate(number, s.Find(number)!.PublishedBy ?? "system", Now));
            LogActivated(logger, CourseId, version.Number);
        }
    }

    private async Task ScheduleActivationAsync(DateTimeOffset effective)
    {
        var delay = effective - Now;
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxReminderDelay ? MaxReminderDelay : delay;
        await this.RegisterOrUpdateReminder(ActivationReminder, delay, TimeSpan.FromMinutes(1));
    }

    /// <summary>Applies a change, persists it, then brings the catalog up to date. A failed write
    /// deactivates the grain so the next call starts again from what storage holds.</summary>
    private async Task<T> ChangeAsync<T>(Func<CourseState, T> change)
    {
        var result = change(state.State);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }

        await CatalogSync.PushAsync(GrainFactory, CourseId, state.State, logger);
        return result;
    }

    private void RequireExists()
    {
        if (!state.State.Exists)
        {
            throw DomainException.NotFound("Course", CourseId);
        }
    }

    private CourseContent ValidDraft(CourseContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var normalized = content.Normalize();
        CourseValidation.ThrowIfAny(CourseValidation.ValidateDraft(CourseId, normalized));
        return normalized;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId} version {Version} became active on its effective date")]
    private static partial void LogActivated(ILogger logger, string courseId, int version);
}
