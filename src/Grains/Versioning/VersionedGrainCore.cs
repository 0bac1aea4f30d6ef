using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Grains.Learning;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Grains.Versioning;

/// <summary>The state of a grain that guards a version log and audits it through an outbox.</summary>
public interface IVersionedState<TContent>
    where TContent : class
{
    VersionLog<TContent> Versions { get; }

    Outbox Outbox { get; }
}

/// <summary>
/// What every versioned grain (course, package) does alike: on activation, deliver a left-over outbox and
/// activate a version whose effective date has come (or repair the catalog entry); on each change, record
/// the version events, write once, deliver, and push the catalog summary; and handle the activation reminder.
/// </summary>
public sealed partial class VersionedGrainCore<TState, TContent>(
    Grain grain,
    IPersistentState<TState> state,
    Subject subject,
    TimeProvider clock,
    ILearningEventSink sink,
    ILogger logger,
    Func<VersionLog<TContent>, Task> pushCatalog)
    where TState : IVersionedState<TContent>
    where TContent : class
{
    private readonly bool _isCourse = subject.Kind == Subject.CourseKind;
    private OutboxState<TState>? _writes;

    public VersionLog<TContent> Versions => state.State.Versions;

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task ActivateAsync()
    {
        _writes = OutboxState.Start(grain, state, s => s.Outbox, sink, logger);
        if (ScheduledActivation.IsDue(Versions, Now))
        {
            await ActivateScheduledAsync();
        }
        else if (Versions.Exists)
        {
            // Repairs a catalog entry left stale by a failed push; the catalog ignores an unchanged summary.
            await pushCatalog(Versions);
        }
    }

    public Task DeactivateAsync(CancellationToken cancellationToken) => _writes?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task ReceiveReminderAsync(string reminderName)
    {
        if (reminderName == ScheduledActivation.ReminderName && await ScheduledActivation.OnTickAsync(grain, Versions, Now))
        {
            await ActivateScheduledAsync();
        }
    }

    /// <summary>Publishes the draft after <paramref name="validate"/> accepts it, arming the activation reminder first
    /// when the effective date lies ahead.</summary>
    public async Task<ContentVersion<TContent>> PublishAsync(PublishRequest request, string actor, bool requireSecondPerson, Action<TContent> validate)
    {
        ArgumentNullException.ThrowIfNull(request);
        await ScheduledActivation.PrepareAsync(grain, Versions, request, Now);
        return await ChangeAsync(s => s.Versions.Publish(subject, request, actor, Now, requireSecondPerson, validate));
    }

    /// <summary>Retires the active version with <paramref name="reason"/> (required).</summary>
    public Task<ContentVersion<TContent>> ArchiveAsync(string? reason, string actor)
    {
        var valid = VersionReason.Check(reason, required: true);
        return ChangeAsync(s => s.Versions.Archive(subject, valid, actor, Now));
    }

    /// <summary>Cancels the publish waiting for its effective date (the reason is optional), then drops the activation
    /// reminder, after the write: a reminder left behind by a failure only ticks once and finds nothing scheduled.</summary>
    public async Task<ContentVersion<TContent>> CancelScheduledAsync(string? reason, string actor)
    {
        var valid = VersionReason.Check(reason, required: false);
        var cancelled = await ChangeAsync(s => s.Versions.CancelScheduled(subject, valid, actor, Now));
        if (await grain.GetReminder(ScheduledActivation.ReminderName) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }

        return cancelled;
    }

    /// <summary>Applies a change, records its version events, persists it once, then delivers and brings the
    /// catalog up to date. A failed write deactivates the grain, which starts again from storage.</summary>
    public async Task<T> ChangeAsync<T>(Func<TState, T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var before = VersionEvents.Snapshot(Versions);
        var scheduledBefore = Versions.Scheduled;
        var result = change(state.State);
        state.State.Outbox.AddRange(VersionEvents.Since(before, Versions, subject.Id, _isCourse, Now, scheduledBefore));
        await _writes!.WriteAsync();
        await pushCatalog(Versions);
        return result;
    }

    private async Task ActivateScheduledAsync()
    {
        if (Versions.Scheduled is { } number)
        {
            await ChangeAsync(s => s.Versions.Activate(number, s.Versions.Find(number)!.PublishedBy ?? "system", Now));
            LogActivated(logger, subject.Kind, subject.Id, number);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Id} version {Version} became active on its effective date")]
    private static partial void LogActivated(ILogger logger, string kind, string id, int version);
}
