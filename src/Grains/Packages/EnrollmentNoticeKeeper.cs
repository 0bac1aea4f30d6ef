using System.Globalization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoursePortal.Grains.Packages;

/// <summary>
/// A package enrollment's notices, for its grain: before each state write it plans them from the enrollment's dates
/// (<see cref="NoticePlanner"/>), records what falls due (the slot among the round's done ones, the notice among the
/// pending) so that the same write stores both, and keeps the enrollment's one reminder aimed at the next notice
/// (<see cref="NoticeReminderArming"/>). After the write the pending notices go to the inboxes as the outbox's notices.
/// A reminder that fires twice, or a delivery repeated after a crash, sends nothing twice: the slot is done, and an
/// inbox ignores a key it has.
/// </summary>
public sealed partial class EnrollmentNoticeKeeper
{
    /// <summary>The enrollment's one reminder, which wakes it for its next notice.</summary>
    public const string ReminderName = "enrollment-notices";

    private readonly Grain _grain;
    private readonly IGrainFactory _grains;
    private readonly IPersistentState<PackageEnrollmentState> _state;
    private readonly NoticeOptions _options;
    private readonly TimeSpan _period;
    private readonly ILogger _logger;
    private readonly string _learnerId;
    private readonly string _packageId;
    private bool _unregisterAfterWrite;

    public EnrollmentNoticeKeeper(Grain grain, IGrainFactory grains, IPersistentState<PackageEnrollmentState> state, ILogger logger, string learnerId, string packageId)
    {
        _grain = grain;
        _grains = grains;
        _state = state;
        _logger = logger;
        _learnerId = learnerId;
        _packageId = packageId;
        var services = grain.GrainContext.ActivationServices;
        _options = services.GetRequiredService<IOptions<NoticeOptions>>().Value;
        // The reminder service refuses a period below its minimum (a minute in production).
        var minimum = services.GetService<IOptions<Orleans.Hosting.ReminderOptions>>()?.Value.MinimumReminderPeriod ?? TimeSpan.Zero;
        _period = _options.LongestReminderWait > minimum ? _options.LongestReminderWait : minimum;
    }

    private PackageEnrollmentState Enrollments => _state.State;

    /// <summary>How many notices wait for an inbox.</summary>
    public int Pending => Enrollments.Notices?.Pending?.Count ?? 0;

    /// <summary>A new round begins (enrolling again after completing): its notices are planned from scratch. Notices of
    /// the last round still waiting for an inbox stay, and go.</summary>
    public void StartRound()
    {
        if (Enrollments.Notices is { } notices)
        {
            notices.Done = null;
        }

        Enrollments.NoticesPlanned = true;
    }

    /// <summary>Plans at <paramref name="now"/> and records the result in the state, which the caller writes next; the
    /// reminder is registered before that write (a reminder whose plan never landed only wakes the enrollment to plan
    /// again, but a plan without its reminder would never fire). Returns whether the state changed. When
    /// <paramref name="woken"/>, the reminder fired, so one is registered whatever the state says.</summary>
    public async Task<bool> PlanAsync(DateTimeOffset now, bool woken = false)
    {
        var notices = Enrollments.Notices ?? new EnrollmentNotices();
        var plan = Plan(now);
        var changed = !plan.Send.IsEmpty || Enrollments is { NoticesPlanned: false, Current: not null };
        Enrollments.NoticesPlanned |= Enrollments.Current is not null;
        notices.Done = plan.Done.IsEmpty ? null : [.. plan.Done];
        foreach (var notice in plan.Send)
        {
            (notices.Pending ??= []).Add(ToPending(notice, now));
        }

        var armedFor = notices.ArmedFor ?? (woken ? now : null);
        var step = NoticeReminderArming.Next(plan.NextAt, notices.Pending is not null, armedFor, now, _period);
        if (step.Register is { } wait)
        {
            try
            {
                await _grain.RegisterOrUpdateReminder(ReminderName, wait, _period);
            }
            catch
            {
                // The change is in memory but will not be written: the next call starts again from storage.
                _grain.DeactivateOnIdle();
                throw;
            }
        }

        changed |= step.ArmedFor != notices.ArmedFor;
        notices.ArmedFor = step.ArmedFor;
        _unregisterAfterWrite = step.Unregister;
        Enrollments.Notices = notices.HoldsNothing() ? null : notices;
        return changed;
    }

    /// <summary>After the write: removes the reminder when the plan left nothing to send. A failure only leaves a reminder
    /// that finds nothing when it fires, and removes itself then.</summary>
    public async Task SettleAsync()
    {
        if (!_unregisterAfterWrite)
        {
            return;
        }

        _unregisterAfterWrite = false;
        try
        {
            if (await _grain.GetReminder(ReminderName) is { } reminder)
            {
                await _grain.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogUnregisterFailed(_logger, _learnerId, _packageId, ex);
        }
    }

    /// <summary>Hands the pending notices to their recipients' inboxes, oldest first, forgetting each one taken; false when
    /// one could not be delivered, so the outbox tries again. A manager's notice for a learner without one is dropped.</summary>
    public async Task<bool> DeliverAsync()
    {
        if (Enrollments.Notices is not { Pending: { } pending } notices)
        {
            return true;
        }

        var manager = new Lazy<Task<string?>>(() => _grains.GetGrain<IOrgChartGrain>(GrainKeys.OrgChart).GetManagerAsync(_learnerId));
        try
        {
            while (pending.Count > 0)
            {
                var notice = pending[0];
                if ((notice.ToManager ? await manager.Value : _learnerId) is { } recipient)
                {
                    await _grains.GetGrain<INotificationInboxGrain>(GrainKeys.NotificationInbox(recipient)).ReceiveAsync(new Notice(
                        notice.Key, notice.Kind, _learnerId, recipient, _packageId, notice.Version, notice.DueAt, notice.ExpiresAt, notice.DaysBefore, notice.CreatedAt));
                }

                pending.RemoveAt(0);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDeliveryFailed(_logger, pending.Count, _learnerId, _packageId, ex);
            return false;
        }

        notices.Pending = null;
        return true;
    }

    private NoticePlan Plan(DateTimeOffset now)
    {
        if (Enrollments.Current is not { } current)
        {
            return new NoticePlan([], [], null);
        }

        var round = new NoticeRound(current.EnrolledAt, current.EnrolledBy != _learnerId, current.DueAt, current.CompletedAt, current.ValidityDays);
        return Enrollments.NoticesPlanned
            ? NoticePlanner.Plan(round, _options.Schedule(), (IReadOnlyCollection<string>?)Enrollments.Notices?.Done ?? [], now)
            : NoticePlanner.Baseline(round, _options.Schedule(), now);
    }

    // The idempotency key: learner, package, round (its enrollment time), then the slot (kind, offset, recipient, date).
    private PendingNotice ToPending(PlannedNotice notice, DateTimeOffset now) => new(
        string.Create(CultureInfo.InvariantCulture, $"{_learnerId}/{_packageId}/{Enrollments.Current!.EnrolledAt.ToUnixTimeSeconds()}/{notice.Slot}"),
        notice.Kind, notice.ToManager, Enrollments.Current.Version, notice.DueAt, notice.ExpiresAt, notice.DaysBefore, now);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} notices of {UserId}'s enrollment in {PackageId} could not be delivered yet; retrying")]
    private static partial void LogDeliveryFailed(ILogger logger, int count, string userId, string packageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notice reminder of {UserId}'s enrollment in {PackageId} could not be removed; it removes itself when it next fires")]
    private static partial void LogUnregisterFailed(ILogger logger, string userId, string packageId, Exception exception);
}
