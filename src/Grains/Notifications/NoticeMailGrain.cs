using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoursePortal.Grains.Notifications;

/// <summary>
/// One recipient's mail queue. A grain timer sends what is due after the call that queued it has answered, so nobody waits
/// on SMTP; each failure waits longer (Mail:RetryDelay doubling up to Mail:MaxRetryDelay), and after Mail:MaxAttempts the mail
/// is kept as failed and listed for admins. The queue is in the grain's state and a reminder is registered while it holds
/// work, so mails queued before a silo stopped are sent when the reminder brings the grain back on another silo.
/// </summary>
public sealed class NoticeMailGrain(
    [PersistentState(StorageNames.NoticeMailState, StorageNames.Grains)] IPersistentState<NoticeMailState> state,
    NoticeMailer mailer,
    MailSettings settings,
    PortalMetrics metrics,
    TimeProvider clock,
    IOptions<ReminderOptions> reminders,
    ILogger<NoticeMailGrain> logger) : Grain, INoticeMailGrain, IRemindable, IDisposable
{
    /// <summary>The reminder that wakes the queue up while it holds work; its period is about the longest a silo's loss can delay a mail.</summary>
    public const string WakeUpReminder = "send-mail";

    // The timer interleaves, so queueing a notice never waits on an SMTP exchange (up to Mail:TimeoutSeconds), nor on the
    // recipient's user grain, which may itself be waiting, through an enrollment and the inbox, on this queue. Every change
    // of state and of the wake-up still runs one at a time, behind this gate; only the sending runs beside them.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IGrainTimer? _timer;
    private bool _sending;

    private string RecipientId => GrainKeys.Strip(this.GetPrimaryKeyString(), GrainKeys.NoticeMailPrefix);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.HasWork)
        {
            Schedule();
        }

        return Task.CompletedTask;
    }

    public Task<bool> QueueAsync(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return SerializedAsync(async () => !state.State.Knows(notice.Key) && await EnqueueAsync(notice, null));
    }

    public async Task<bool> ResendAsync(string key)
    {
        var resent = await SerializedAsync(async () =>
            state.State.Failed.Find(m => m.Notice.Key == key) is { } failed && await EnqueueAsync(failed.Notice, failed));
        if (resent)
        {
            await GrainFactory.GetGrain<IFailedMailRegistryGrain>(GrainKeys.FailedMailRegistry).RemoveAsync(RecipientId, key);
        }

        return resent;
    }

    public Task<MailQueueView> GetAsync() => Task.FromResult(state.State.View());

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The timer does the work; it also drops the reminder once nothing is left.
        Schedule();
        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_sending)
        {
            return;
        }

        _sending = true;
        try
        {
            var now = clock.GetUtcNow();
            var due = state.State.Waiting.Where(m => m.NextAttemptAt <= now).ToList();
            if (due.Count > 0)
            {
                var outcomes = await mailer.SendAsync(RecipientId, [.. due.Select(m => m.Notice)], cancellationToken);
                await SerializedAsync(() => RecordAsync(due, outcomes));
            }

            await SerializedAsync(ListFailedAsync);
            await SerializedAsync(DropWakeUpWhenIdleAsync);
        }
        finally
        {
            _sending = false;
        }

        if (state.State.HasWork)
        {
            Schedule();
        }
        else
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private async Task<bool> RecordAsync(List<QueuedMail> due, IReadOnlyList<(MailOutcome Outcome, string? Error)> outcomes)
    {
        var now = clock.GetUtcNow();
        for (var i = 0; i < due.Count; i++)
        {
            NoticeMailLog.Report(metrics, logger, state.State.Record(due[i], outcomes[i].Outcome, outcomes[i].Error, now, settings), due[i], RecipientId);
        }

        await state.WriteOrResetAsync(this);
        return true;
    }

    // A failed mail is listed after its state is stored; a registry that cannot be reached is tried again later.
    private async Task<bool> ListFailedAsync()
    {
        if (await FailedMailListing.ListAsync(GrainFactory, state.State.Failed, RecipientId, logger))
        {
            await state.WriteOrResetAsync(this);
        }

        return true;
    }

    // The wake-up is registered before the write that makes work: a reminder without work is dropped by the next run,
    // while stored work without a reminder would wait for someone to call this grain.
    private async Task<bool> EnqueueAsync(Notice notice, QueuedMail? failed)
    {
        if (!state.State.HasWork)
        {
            // As often as a retry at most, and no more often than reminders may tick (a minute in production).
            var period = settings.RetryDelay > reminders.Value.MinimumReminderPeriod ? settings.RetryDelay : reminders.Value.MinimumReminderPeriod;
            await this.RegisterOrUpdateReminder(WakeUpReminder, period, period);
        }

        if (failed is not null)
        {
            state.State.Failed.Remove(failed);
        }

        state.State.Waiting.Add(new QueuedMail { Notice = notice, NextAttemptAt = clock.GetUtcNow() });
        await state.WriteOrResetAsync(this);
        Schedule();
        return true;
    }

    private async Task<bool> DropWakeUpWhenIdleAsync()
    {
        if (!state.State.HasWork && await this.GetReminder(WakeUpReminder, CancellationToken.None) is { } reminder)
        {
            await this.UnregisterReminder(reminder, CancellationToken.None);
        }

        return true;
    }

    private async Task<T> SerializedAsync<T>(Func<Task<T>> change)
    {
        await _gate.WaitAsync();
        try
        {
            return await change();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private void Schedule()
    {
        var next = state.State.Waiting.Count == 0 ? clock.GetUtcNow() + settings.RetryDelay : state.State.Waiting.Min(m => m.NextAttemptAt);
        var wait = next - clock.GetUtcNow();
        _timer ??= this.RegisterScopedTimer("mail", RunAsync,
            new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });
        _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }
}
