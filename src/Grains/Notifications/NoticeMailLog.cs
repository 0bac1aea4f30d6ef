using CoursePortal.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Grains.Notifications;

/// <summary>What the mail queues count and log.</summary>
internal static partial class NoticeMailLog
{
    /// <summary>Counts what an attempt did to a mail, and logs a failure.</summary>
    public static void Report(PortalMetrics metrics, ILogger logger, MailStep step, QueuedMail mail, string recipientId)
    {
        var kind = new KeyValuePair<string, object?>("kind", mail.Notice.Kind.ToString());
        switch (step)
        {
            case MailStep.Sent:
                metrics.MailsSent.Add(1, kind);
                break;
            case MailStep.Skipped:
                metrics.MailsSkipped.Add(1, kind);
                break;
            case MailStep.Retrying:
                metrics.MailRetries.Add(1, kind);
                Retrying(logger, mail.Notice.Key, recipientId, mail.Attempts, mail.NextAttemptAt, mail.LastError);
                break;
            case MailStep.GaveUp:
                metrics.MailsFailed.Add(1, kind);
                GaveUp(logger, mail.Notice.Key, recipientId, mail.Attempts, mail.LastError);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail of notice {Key} to {RecipientId} failed (attempt {Attempts}); next attempt at {NextAttemptAt}: {Error}")]
    public static partial void Retrying(ILogger logger, string key, string recipientId, int attempts, DateTimeOffset nextAttemptAt, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed mails of {RecipientId} could not be listed for admins yet; retrying")]
    public static partial void NotListed(ILogger logger, string recipientId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail of notice {Key} to {RecipientId} failed {Attempts} times and is given up; an admin can resend it from /Admin/Notifications: {Error}")]
    public static partial void GaveUp(ILogger logger, string key, string recipientId, int attempts, string? error);
}
