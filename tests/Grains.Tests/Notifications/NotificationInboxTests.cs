using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Grains.Notifications;

namespace CoursePortal.Grains.Tests.Notifications;

/// <summary>The inbox behind the header's list: newest first, bounded, each key once (even after it was dropped), read marks
/// that only count for notices it keeps.</summary>
[Collection(ClusterCollection.Name)]
public sealed class NotificationInboxTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheInboxKeepsTheNewestNoticesNewestFirstAndIgnoresAKeyItAlreadyDropped()
    {
        var (userId, inbox) = NewInbox();
        var total = NotificationInboxGrain.MaxKept + 5;
        for (var i = 0; i < total; i++)
        {
            Assert.True(await inbox.ReceiveAsync(Notice(userId, $"k{i}")));
        }

        var page = await inbox.GetAsync(int.MaxValue);
        Assert.Equal(NotificationInboxGrain.MaxKept, page.Items.Length);
        Assert.Equal(NotificationInboxGrain.MaxKept, page.Unread);
        Assert.Equal($"k{total - 1}", page.Items[0].Notice.Key);
        Assert.Equal("k5", page.Items[^1].Notice.Key);

        // The oldest were dropped from the list, yet arriving again they are still the same notices: ignored.
        Assert.False(await inbox.ReceiveAsync(Notice(userId, "k0")));
        Assert.False(await inbox.ReceiveAsync(Notice(userId, $"k{total - 1}")));
        Assert.Equal(page.Items.Select(i => i.Notice.Key), (await inbox.GetAsync(int.MaxValue)).Items.Select(i => i.Notice.Key));
        Assert.Equal(3, (await inbox.GetAsync(3)).Items.Length);
    }

    [Fact]
    public async Task MarkingReadCountsDownOnlyForKeptUnreadNotices()
    {
        var (userId, inbox) = NewInbox();
        foreach (var key in new[] { "a", "b", "c" })
        {
            await inbox.ReceiveAsync(Notice(userId, key));
        }

        Assert.True(await inbox.MarkReadAsync("b"));
        Assert.False(await inbox.MarkReadAsync("b"));
        Assert.False(await inbox.MarkReadAsync("someone-elses-key"));
        var page = await inbox.GetAsync(10);
        Assert.Equal(2, page.Unread);
        Assert.Equal([false, true, false], page.Items.Select(i => i.Read));

        Assert.Equal(2, await inbox.MarkAllReadAsync());
        Assert.Equal(0, await inbox.MarkAllReadAsync());
        Assert.Equal(0, (await inbox.GetAsync(10)).Unread);
    }

    [Fact]
    public async Task ANoticeAboutAPackageThatCannotBeReadShowsThePackageId()
    {
        var (userId, inbox) = NewInbox();
        await inbox.ReceiveAsync(Notice(userId, "gone") with { PackageId = "no-such-package" });
        Assert.Equal("no-such-package", Assert.Single((await inbox.GetAsync(1)).Items).PackageName);
    }

    private (string UserId, INotificationInboxGrain Inbox) NewInbox()
    {
        var userId = $"inbox-{Guid.NewGuid():N}"[..20];
        return (userId, fixture.Client.GetGrain<INotificationInboxGrain>(GrainKeys.NotificationInbox(userId)));
    }

    private static Notice Notice(string userId, string key) =>
        new(key, NoticeKind.Assigned, userId, userId, "no-such-package", 1, null, null, null, DateTimeOffset.UtcNow);
}
