using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Notifications;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Grains.Notifications;

[GenerateSerializer]
[Alias("courseportal.failed-mail-registry-state")]
public sealed class FailedMailRegistryState
{
    [Id(0)]
    public List<FailedMail> Mails { get; init; } = [];
}

/// <summary>The list behind /Admin/Notifications. One grain for the company: mails fail past a retry budget of hours only when
/// the relay is broken, and then an admin wants them all in one list; each recipient's queue keeps the mail itself.</summary>
public sealed class FailedMailRegistryGrain(
    [PersistentState(StorageNames.FailedMailRegistryState, StorageNames.Grains)] IPersistentState<FailedMailRegistryState> state)
    : Grain, IFailedMailRegistryGrain
{
    public async Task AddAsync(FailedMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var index = state.State.Mails.FindIndex(m => Same(m, mail.RecipientId, mail.Key));
        if (index >= 0 && state.State.Mails[index] == mail)
        {
            return;
        }

        if (index >= 0)
        {
            state.State.Mails.RemoveAt(index);
        }

        state.State.Mails.Add(mail);
        await state.WriteOrResetAsync(this);
    }

    public async Task RemoveAsync(string recipientId, string key)
    {
        if (state.State.Mails.RemoveAll(m => Same(m, recipientId, key)) > 0)
        {
            await state.WriteOrResetAsync(this);
        }
    }

    public Task<ImmutableArray<FailedMail>> ListAsync() =>
        Task.FromResult<ImmutableArray<FailedMail>>([.. state.State.Mails.OrderByDescending(m => m.FailedAt)]);

    private static bool Same(FailedMail mail, string recipientId, string key) => mail.RecipientId == recipientId && mail.Key == key;
}

/// <summary>How a mail queue lists its failed mails in the registry.</summary>
public static class FailedMailListing
{
    /// <summary>Lists each failed mail not listed yet and marks it so; whether any was (the queue then stores the marks). A
    /// registry that cannot be reached is logged and leaves the rest unmarked, for the queue's next run.</summary>
    public static async Task<bool> ListAsync(IGrainFactory grains, List<QueuedMail> failed, string recipientId, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(failed);
        var unlisted = failed.Where(m => !m.Listed).ToList();
        var registry = grains.GetGrain<IFailedMailRegistryGrain>(GrainKeys.FailedMailRegistry);
        try
        {
            foreach (var mail in unlisted)
            {
                await registry.AddAsync(mail.Failure(recipientId));
                mail.Listed = true;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            NoticeMailLog.NotListed(logger, recipientId, ex);
        }

        return unlisted.Exists(m => m.Listed);
    }
}
