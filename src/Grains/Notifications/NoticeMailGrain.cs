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
    ILogger<NoticeMailGrain> logger) : Grain, INoticeMailGrain, IRemindable
{
    /// <summary>The reminder that wakes the queue up while it holds work; its period is about the longest a silo's loss can delay a mail.</summary>
    public const string WakeUpReminder = "send-mail";

    private IGrainTimer? _timer;

    private string RecipientId => GrainKeys.Strip(this.GetPrimaryKeyString(), GrainKeys.NoticeMailPrefix);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.HasWork)
        {
            Schedule();
        }

        return Task.CompletedTask;
    }

    public async Task<bool> QueueAsync(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return !state.State.Knows(notice.Key) && await EnqueueAsync(notice, null);
    }

    public async Task<bool> ResendAsync(string key)
    {
        if (state.State.Failed.Find(m => m.Notice.Key == key) is not { } failed)
        {
            return false;
        }

        await EnqueueAsync(failed.Notice, failed);
        await GrainFactory.GetGrain<IFailedMailRegistryGrain>(GrainKeys.FailedMailRegistry).RemoveAsync(RecipientId, key);
        return true;
    }

    // The wake-up is registered before the write that makes work: a reminder without work is dropped at its first tick,
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

    public Task<MailQueueView> GetAsync() => Task.FromResult(state.State.View());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.HasWork)
        {
            // The timer does the work, in a turn of its own.
            Schedule();
        }
        else
        {
            await DropWakeUpAsync();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = state.State.Waiting.Where(m => m.NextAttemptAt <= now).ToList();
        if (due.Count > 0)
        {
            await SendAsync(due, cancellationToken);
        }

        await ListFailedAsync();
        if (state.State.HasWork)
        {
            Schedule();
            return;
        }

        _timer?.Dispose();
        _timer = null;
        await DropWakeUpAsync();
    }

    private async Task SendAsync(List<QueuedMail> due, CancellationToken cancellationToken)
    {
        IReadOnlyList<(MailOutcome Outcome, string? Error)> outcomes;
        try
        {
            outcomes = await mailer.SendAsync(RecipientId, [.. due.Select(m => m.Notice)], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The recipient or a package could not be read (a silo going away): an attempt like any failed send.
            outcomes = [.. due.Select(_ => (MailOutcome.Failed, (string?)ex.Message))];
        }

        var now = clock.GetUtcNow();
        for (var i = 0; i < due.Count; i++)
        {
            var step = state.State.Record(due[i], outcomes[i].Outcome, outcomes[i].Error, now, settings);
            NoticeMailLog.Report(metrics, logger, step, due[i], RecipientId);
        }

        await state.WriteOrResetAsync(this);
    }

    // A failed mail is listed after its state is stored; a registry that cannot be reached is tried again later.
    private async Task ListFailedAsync()
    {
        var unlisted = state.State.Failed.Where(m => !m.Listed).ToList();
        var registry = GrainFactory.GetGrain<IFailedMailRegistryGrain>(GrainKeys.FailedMailRegistry);
        try
        {
            foreach (var mail in unlisted)
            {
                await registry.AddAsync(mail.Failure(RecipientId));
                mail.Listed = true;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            NoticeMailLog.NotListed(logger, RecipientId, ex);
        }

        if (unlisted.Exists(m => m.Listed))
        {
            await state.WriteOrResetAsync(this);
        }
    }

    private async Task DropWakeUpAsync()
    {
        if (await this.GetReminder(WakeUpReminder, CancellationToken.None) is { } reminder)
        {
            await this.UnregisterReminder(reminder, CancellationToken.None);
        }
    }

    private void Schedule()
    {
        var next = state.State.Waiting.Count == 0 ? clock.GetUtcNow() + settings.RetryDelay : state.State.Waiting.Min(m => m.NextAttemptAt);
        var wait = next - clock.GetUtcNow();
        _timer ??= this.RegisterScopedTimer("mail", RunAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }
}
