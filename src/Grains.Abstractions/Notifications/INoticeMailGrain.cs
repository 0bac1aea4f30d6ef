using System.Collections.Immutable;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Notifications;

/// <summary>The mail queue of one recipient: each notice mailed once, off the request path, retried with backoff, and kept
/// as failed (listed for admins) when it keeps failing. Key: <c>GrainKeys.NoticeMail(userId)</c>.</summary>
[Alias("courseportal.notice-mail")]
public interface INoticeMailGrain : IGrainWithStringKey
{
    /// <summary>Queues the notice's mail; false when its key is already queued, sent or failed here (nothing changes).
    /// Answers only after the queue is stored.</summary>
    [Alias("queue")]
    Task<bool> QueueAsync(Notice notice);

    /// <summary>Queues a failed mail again with a fresh retry budget; false when no mail with this key has failed here.</summary>
    [Alias("resend")]
    Task<bool> ResendAsync(string key);

    /// <summary>The mails waiting to be sent and those that failed.</summary>
    [Alias("get-mail")]
    [ReadOnly]
    Task<MailQueueView> GetAsync();
}

/// <summary>A recipient's mails: those waiting (with their attempts so far) and those given up on.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.mail-queue-view")]
public sealed record MailQueueView(
    [property: Id(0)] ImmutableArray<MailStatus> Waiting,
    [property: Id(1)] ImmutableArray<MailStatus> Failed,
    [property: Id(2)] int Sent);

/// <summary>One notice's mail: attempts made, when the next is due (waiting ones) and the last error.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.mail-status")]
public sealed record MailStatus(
    [property: Id(0)] Notice Notice,
    [property: Id(1)] int Attempts,
    [property: Id(2)] DateTimeOffset? NextAttemptAt,
    [property: Id(3)] string? LastError);
