using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Catalog;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Grains.Learning;
using CoursePortal.Grains.Versioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoursePortal.Grains.Courses;

/// <summary>
/// Guards all versions of one course (rules in <see cref="VersionLog{TContent}"/>), checks prerequisites
/// at publish, keeps the catalog's summary current and starts exports.
/// </summary>
public sealed partial class CourseGrain(
    [PersistentState(StorageNames.CourseState, StorageNames.Grains)] IPersistentState<CourseState> state,
    TimeProvider clock,
    IOptions<PublishingOptions> publishing,
    ILearningEventSink sink,
    ILogger<CourseGrain> logger) : Grain, ICourseGrain, IRemindable
{
    private OutboxDelivery? _delivery;

    private Subject Course => new("Course", GrainKeys.Strip(this.GetPrimaryKeyString(), GrainKeys.CoursePrefix));

    private VersionLog<CourseContent> Versions => state.State.Versions;

    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _delivery = OutboxDelivery.Start(this, pending: state.State.Outbox.Events.Count > 0, ct => state.State.Outbox.FlushAsync(sink, logger, ct));
        if (ScheduledActivation.IsDue(Versions, Now))
        {
            await ActivateScheduledAsync();
        }
        else if (Versions.Exists)
        {
            // Repairs a catalog entry left stale by a failed push; the catalog ignores an unchanged summary.
            await CatalogSync.PushAsync(GrainFactory, Course.Id, Versions, logger);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _delivery?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    public Task<ContentVersion<CourseContent>> CreateAsync(CourseContent content, string actor)
    {
        var valid = ValidDraft(content);
        return ChangeAsync(s => s.Versions.Create(Course, valid, actor, Now));
    }

    public Task<ContentVersion<CourseContent>> SaveDraftAsync(CourseContent content, string actor)
    {
        var valid = ValidDraft(content);
        return Versions.Exists
            ? ChangeAsync(s => s.Versions.SaveDraft(Course, valid, actor, Now))
            : throw DomainException.NotFound(Course.Kind, Course.Id);
    }

    public Task<ContentVersion<CourseContent>> ImportAsync(CourseContent content, string actor)
    {
        var valid = ValidDraft(content);
        return ChangeAsync(s => s.Versions.ImportDraft(Course, valid, actor, Now));
    }

    public Task DiscardDraftAsync(string actor) => ChangeAsync(s => s.Versions.DiscardDraft(Course));

    public Task<ContentVersion<CourseContent>> CreateDraftAsync(int? fromVersion, string actor) =>
        ChangeAsync(s => s.Versions.OpenDraft(Course, fromVersion, actor, Now));

    public async Task<ContentVersion<CourseContent>> PublishAsync(PublishRequest request, string actor)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Versions.Draft is { } draft)
        {
            await PrerequisiteCheck.EnsurePublishableAsync(GrainFactory, Course.Id, draft.Content.Prerequisites);
        }

        await ScheduledActivation.PrepareAsync(this, Versions, request, Now);
        return await ChangeAsync(s => s.Versions.Publish(Course, request, actor, Now, publishing.Value.RequireSecondPerson,
            content => CourseValidation.ThrowIfAny(CourseValidation.ValidateForPublish(Course.Id, content))));
    }

    public Task ArchiveAsync(string actor) => ChangeAsync(s => s.Versions.Archive(Course, actor, Now));

    public Task<ContentVersion<CourseContent>?> GetActiveAsync() => Task.FromResult(Versions.ActiveVersion);

    public Task<ContentVersion<CourseContent>?> GetDraftAsync() => Task.FromResult(Versions.Draft);

    public Task<ContentVersion<CourseContent>> GetVersionAsync(int number) => Task.FromResult(Versions.Get(Course, number));

    public Task<ImmutableArray<VersionInfo>> GetHistoryAsync() =>
        Task.FromResult<ImmutableArray<VersionInfo>>([.. Versions.Versions.Select(v => Versions.Describe(v, v.Content.Title))]);

    public Task<CourseDiff> DiffAsync(int from, int to) =>
        Task.FromResult(CourseDiff.Between(Versions.Get(Course, from), Versions.Get(Course, to)));

    public Task<PrerequisiteInfo> GetPrerequisiteInfoAsync() =>
        Task.FromResult(new PrerequisiteInfo(Versions.Active, Versions.ActiveVersion?.Content.Prerequisites ?? []));

    public async Task<CourseExport> StartExportAsync(int version, string actor)
    {
        Versions.Get(Course, version);
        var exportId = Guid.NewGuid().ToString("N");
        var export = await GrainFactory.GetGrain<ICourseExportGrain>(GrainKeys.Export(exportId)).StartAsync(Course.Id, version, actor);
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
        if (reminderName == ScheduledActivation.ReminderName && await ScheduledActivation.OnTickAsync(this, Versions, Now))
        {
            await ActivateScheduledAsync();
        }
    }

    private async Task ActivateScheduledAsync()
    {
        if (Versions.Scheduled is { } number)
        {
            await ChangeAsync(s => s.Versions.Activate(number, s.Versions.Find(number)!.PublishedBy ?? "system", Now));
            LogActivated(logger, Course.Id, number);
        }
    }

    /// <summary>Applies a change, persists it, then brings the catalog up to date. A failed write
    /// deactivates the grain so the next call starts again from what storage holds.</summary>
    private async Task<T> ChangeAsync<T>(Func<CourseState, T> change)
    {
        var before = VersionEvents.Snapshot(Versions);
        var result = change(state.State);
        state.State.Outbox.Events.AddRange(VersionEvents.Since(before, Versions, Course.Id, isCourse: true, Now));
        await state.WriteOrResetAsync(this);
        _delivery!.Schedule();
        await CatalogSync.PushAsync(GrainFactory, Course.Id, Versions, logger);
        return result;
    }

    private CourseContent ValidDraft(CourseContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        CourseValidation.ThrowIfAny(CourseValidation.ValidateDraft(Course.Id, content));
        return content;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId} version {Version} became active on its effective date")]
    private static partial void LogActivated(ILogger logger, string courseId, int version);
}
