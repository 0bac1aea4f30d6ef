using System.Collections.Immutable;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Notifications;

/// <summary>The company's mails that failed past their retry budget, for /Admin/Notifications. The recipient's mail queue
/// keeps the mail itself; this only lists it. Key: <c>GrainKeys.FailedMailRegistry</c>.</summary>
[Alias("courseportal.failed-mail-registry")]
public interface IFailedMailRegistryGrain : IGrainWithStringKey
{
    /// <summary>Lists a failed mail (again: the entry is replaced).</summary>
    [Alias("add")]
    Task AddAsync(FailedMail mail);

    /// <summary>Takes a mail off the list (it was queued again); nothing changes when it is not listed.</summary>
    [Alias("remove")]
    Task RemoveAsync(string recipientId, string key);

    /// <summary>The failed mails, most recently failed first.</summary>
    [Alias("list")]
    [ReadOnly]
    Task<ImmutableArray<FailedMail>> ListAsync();
}

/// <summary>One mail given up on: to whom, which notice, how often it was tried, when it was given up and why.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.failed-mail")]
public sealed record FailedMail(
    [property: Id(0)] string RecipientId,
    [property: Id(1)] string Key,
    [property: Id(2)] NoticeKind Kind,
    [property: Id(3)] string PackageId,
    [property: Id(4)] int Attempts,
    [property: Id(5)] DateTimeOffset FailedAt,
    [property: Id(6)] string Error);
