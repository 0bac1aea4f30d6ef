namespace CoursePortal.Grains.Abstractions.Notifications;

/// <summary>One user's notices: kept for the header's list, mailed to them once each. Key: <c>GrainKeys.NotificationInbox(userId)</c>.</summary>
[Alias("courseportal.notification-inbox")]
public interface INotificationInboxGrain : IGrainWithStringKey
{
    /// <summary>Takes a notice addressed to this user: kept and queued for mail once per <see cref="Notice.Key"/>; answers
    /// false when the key was already here (nothing changes). Answers only after the notice is stored.</summary>
    [Alias("receive")]
    Task<bool> ReceiveAsync(Notice notice);

    /// <summary>Every notice kept, oldest first.</summary>
    [Alias("list-kept")]
    [Orleans.Concurrency.ReadOnly]
    Task<System.Collections.Immutable.ImmutableArray<Notice>> ListKeptAsync();
}
