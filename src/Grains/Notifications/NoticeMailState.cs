using CoursePortal.Grains.Abstractions.Notifications;

namespace CoursePortal.Grains.Notifications;

[GenerateSerializer]
[Alias("courseportal.notice-mail-state")]
public sealed class NoticeMailState
{
    /// <summary>Mails to send, in the order queued.</summary>
    [Id(0)]
    public List<QueuedMail> Waiting { get; init; } = [];

    /// <summary>Mails given up on after the retry budget, until an admin sends them again.</summary>
    [Id(1)]
    public List<QueuedMail> Failed { get; init; } = [];

    /// <summary>Keys of the latest mails sent or left out, so a notice queued again is not mailed twice.</summary>
    [Id(2)]
    public List<string> Done { get; init; } = [];

    /// <summary>How many mails this recipient was sent.</summary>
    [Id(3)]
    public int Sent { get; set; }

    /// <summary>How many keys <see cref="Done"/> keeps: far more than one enrollment's notices, and the inbox in front keeps
    /// its own, so a repeat older than that cannot arrive here.</summary>
    public const int DoneKept = 500;

    public bool Knows(string key) =>
        Waiting.Exists(m => m.Notice.Key == key) || Failed.Exists(m => m.Notice.Key == key) || Done.Contains(key);

    /// <summary>Whether a wake-up is needed: mails to send, or failed ones not yet listed for admins.</summary>
    public bool HasWork => Waiting.Count > 0 || Failed.Exists(m => !m.Listed);

    private void Finish(QueuedMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        Waiting.Remove(mail);
        Done.Add(mail.Notice.Key);
        if (Done.Count > DoneKept)
        {
            Done.RemoveRange(0, Done.Count - DoneKept);
        }
    }

    /// <summary>Records an attempt's outcome: a sent or left-out mail is done; a failed one waits its backoff, or after
    /// the last attempt moves to <see cref="Failed"/>.</summary>
    public MailStep Record(QueuedMail mail, MailOutcome outcome, string? error, DateTimeOffset now, MailSettings settings)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(settings);
        if (outcome != MailOutcome.Failed)
        {
            Finish(mail);
            Sent += outcome == MailOutcome.Sent ? 1 : 0;
            return outcome == MailOutcome.Sent ? MailStep.Sent : MailStep.Skipped;
        }

        mail.Attempts++;
        mail.LastError = error;
        if (mail.Attempts < settings.MaxAttempts)
        {
            mail.NextAttemptAt = now + settings.Backoff(mail.Attempts);
            return MailStep.Retrying;
        }

        Waiting.Remove(mail);
        mail.FailedAt = now;
        Failed.Add(mail);
        return MailStep.GaveUp;
    }

    public MailQueueView View() => new(
        [.. Waiting.Select(m => m.Status())],
        [.. Failed.Select(m => m.Status())],
        Sent);
}

/// <summary>What an attempt did to a mail.</summary>
public enum MailStep
{
    Sent,
    Skipped,
    Retrying,
    GaveUp,
}

[GenerateSerializer]
[Alias("courseportal.queued-mail")]
public sealed class QueuedMail
{
    [Id(0)]
    public Notice Notice { get; set; } = null!;

    [Id(1)]
    public int Attempts { get; set; }

    [Id(2)]
    public DateTimeOffset NextAttemptAt { get; set; }

    [Id(3)]
    public string? LastError { get; set; }

    [Id(4)]
    public DateTimeOffset? FailedAt { get; set; }

    /// <summary>A failed mail the registry of failed mails lists.</summary>
    [Id(5)]
    public bool Listed { get; set; }

    public MailStatus Status() => new(Notice, Attempts, FailedAt is null ? NextAttemptAt : null, LastError);

    public FailedMail Failure(string recipientId) => new(recipientId, Notice.Key, Notice.Kind, Notice.PackageId, Attempts, FailedAt!.Value, LastError ?? "");
}
