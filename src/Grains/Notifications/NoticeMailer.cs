using CoursePortal.Grains.Abstractions.Notifications;
using MimeKit;

namespace CoursePortal.Grains.Notifications;

/// <summary>What became of one mail: handed over, left out (the recipient turned reminders off, or is gone), or failed.</summary>
public enum MailOutcome
{
    Sent,
    Skipped,
    Failed,
}

/// <summary>Sends one recipient's due mails: the recipient's address, names and reminder choice read at send time (so a
/// changed address or a reminder turned off counts), each notice composed and the batch handed to the transport.</summary>
public sealed class NoticeMailer(IGrainFactory grains, NoticeMessages messages, IMailTransport transport)
{
    /// <summary>What became of each notice's mail, in order; never throws but for cancellation.</summary>
    public async Task<IReadOnlyList<(MailOutcome Outcome, string? Error)>> SendAsync(string recipientId, IReadOnlyList<Notice> notices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notices);
        try
        {
            return await TrySendAsync(recipientId, notices, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The recipient or a package could not be read (a silo going away): an attempt like any failed send.
            return [.. notices.Select(_ => (MailOutcome.Failed, (string?)ex.Message))];
        }
    }

    private async Task<IReadOnlyList<(MailOutcome Outcome, string? Error)>> TrySendAsync(string recipientId, IReadOnlyList<Notice> notices, CancellationToken cancellationToken)
    {
        var outcomes = new (MailOutcome Outcome, string? Error)[notices.Count];
        var recipient = await NoticeNames.ProfileAsync(grains, recipientId);
        var batch = new List<(int Index, MimeMessage Message)>();
        for (var i = 0; i < notices.Count; i++)
        {
            var notice = notices[i];
            if (recipient is null || recipient.Deactivated || (notice.IsReminder && recipient.RemindersOff))
            {
                outcomes[i] = (MailOutcome.Skipped, recipient is null ? "the recipient has no account"
                    : recipient.Deactivated ? "the recipient's account is deactivated" : "the recipient turned reminders off");
                continue;
            }

            try
            {
                var learner = notice.ToManager ? (await NoticeNames.ProfileAsync(grains, notice.LearnerId))?.DisplayName ?? notice.LearnerId : recipient.DisplayName;
                var package = await NoticeNames.PackageAsync(grains, notice.PackageId, notice.Version);
                batch.Add((i, messages.Compose(notice, recipient, learner, package)));
            }
            catch (InvalidOperationException template)
            {
                // A template edited into a broken one after the start: this mail fails (and is retried) until it is fixed.
                outcomes[i] = (MailOutcome.Failed, template.Message);
            }
        }

        if (batch.Count > 0)
        {
            var sent = await transport.SendAsync([.. batch.Select(b => b.Message)], cancellationToken);
            for (var j = 0; j < batch.Count; j++)
            {
                outcomes[batch[j].Index] = sent[j] is { } error ? (MailOutcome.Failed, error.Message) : (MailOutcome.Sent, null);
            }
        }

        return outcomes;
    }
}
