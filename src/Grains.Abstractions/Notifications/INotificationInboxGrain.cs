using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Notifications;

/// <summary>One user's notices: kept for the header's list, mailed to them once each. Key: <c>GrainKeys.NotificationInbox(userId)</c>.</summary>
[Alias("courseportal.notification-inbox")]
public interface INotificationInboxGrain : IGrainWithStringKey
{
    /// <summary>Takes a notice addressed to this user: kept and queued for mail once per <see cref="Notice.Key"/>; answers
    /// false when the key was already here (nothing changes). Answers only after the notice is stored.</summary>
    [Alias("receive")]
    Task<bool> ReceiveAsync(Notice notice);

    /// <summary>The unread count and the newest <paramref name="limit"/> notices kept, newest first, with the names they show.</summary>
    [Alias("get-inbox")]
    [ReadOnly]
    Task<InboxPage> GetAsync(int limit);

    /// <summary>Marks one notice read; false when it is not kept here or was read already (nothing changes).</summary>
    [Alias("mark-read")]
    Task<bool> MarkReadAsync(string key);

    /// <summary>Marks every kept notice read; answers how many were unread.</summary>
    [Alias("mark-all-read")]
    Task<int> MarkAllReadAsync();

    /// <summary>Every notice kept, oldest first.</summary>
    [Alias("list-kept")]
    [ReadOnly]
    Task<System.Collections.Immutable.ImmutableArray<Notice>> ListKeptAsync();
}
