using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Notifications;

namespace CoursePortal.Web.Services;

/// <summary>Notices in the portal (each user's own inbox) and, for admins, the mails that failed and their resending.</summary>
public sealed class NotificationService(IGrainFactory grains)
{
    /// <summary>How many notices the header's list shows.</summary>
    public const int HeaderItems = 5;

    /// <summary>The unread count and newest notices of the user's own inbox.</summary>
    public Task<InboxPage> InboxAsync(string userId, int limit) => Inbox(userId).GetAsync(limit);

    public Task<bool> MarkReadAsync(string userId, string key) => Inbox(userId).MarkReadAsync(key);

    public Task<int> MarkAllReadAsync(string userId) => Inbox(userId).MarkAllReadAsync();

    /// <summary>Every mail that failed past its retry budget, most recent first.</summary>
    public Task<ImmutableArray<FailedMail>> FailedMailsAsync() =>
        grains.Reference<IFailedMailRegistryGrain>(GrainKeys.FailedMailRegistry).ListAsync();

    /// <summary>Queues a failed mail again; false when the recipient's queue holds no failed mail with that key.</summary>
    public Task<bool> ResendAsync(string recipientId, string key) => Ids.IsValid(recipientId)
        ? grains.Reference<INoticeMailGrain>(GrainKeys.NoticeMail(recipientId)).ResendAsync(key)
        : Task.FromResult(false);

    private INotificationInboxGrain Inbox(string userId) => grains.Reference<INotificationInboxGrain>(GrainKeys.NotificationInbox(userId));
}
