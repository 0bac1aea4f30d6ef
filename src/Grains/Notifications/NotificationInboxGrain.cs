using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Notifications;

namespace CoursePortal.Grains.Notifications;

[GenerateSerializer]
[Alias("courseportal.notification-inbox-state")]
public sealed class NotificationInboxState
{
    /// <summary>The notices kept, oldest first.</summary>
    [Id(0)]
    public List<Notice> Notices { get; init; } = [];
}

/// <summary>One user's notices, each kept once by its idempotency key.</summary>
public sealed class NotificationInboxGrain(
    [PersistentState(StorageNames.NotificationInboxState, StorageNames.Grains)] IPersistentState<NotificationInboxState> state)
    : Grain, INotificationInboxGrain
{
    public async Task<bool> ReceiveAsync(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (state.State.Notices.Exists(n => n.Key == notice.Key))
        {
            return false;
        }

        state.State.Notices.Add(notice);
        await state.WriteOrResetAsync(this);
        return true;
    }

    public Task<ImmutableArray<Notice>> ListKeptAsync() => Task.FromResult(state.State.Notices.ToImmutableArray());
}
