using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Web.Tests.Integrity;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>The header's notifications and the notifications page: each user sees and marks only their own notices; and the
/// reminder choice on the profile page and PUT /v1/me/profile.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class NotificationPagesTests(LocalModeFactory factory)
{
    [Fact]
    public async Task TheHeaderCountsUnreadNoticesAndOpeningOneMarksItReadAndLeadsToItsPackage()
    {
        var admin = await Learners.AdminAsync(factory);
        var (learner, userId) = await Learners.NewAsync(factory, admin);
        var assigned = await GiveAsync(userId, NoticeKind.Assigned, null);
        await GiveAsync(userId, NoticeKind.DueSoon, 3);

        var home = await learner.GetDocumentAsync("/");
        Assert.Equal("2", home.QuerySelector("#notifications #unread-count")!.TextContent.Trim());
        var items = home.QuerySelectorAll("#notifications-list .notice").Select(n => n.TextContent).ToList();
        Assert.Equal(2, items.Count);
        Assert.Contains("Security Basics is due in 3 days", items[0], StringComparison.Ordinal);
        Assert.Contains("Security Basics was assigned to you", items[1], StringComparison.Ordinal);

        var open = home.QuerySelectorAll("#notifications-list form").OfType<IHtmlFormElement>()
            .Single(f => f.QuerySelector("input[name=key]")!.GetAttribute("value") == assigned.Key);
        using var opened = await learner.SubmitAsync(open, new Dictionary<string, string>());
        Assert.Equal($"/Learn/Package/{DemoPackage}", opened.RequestMessage!.RequestUri!.AbsolutePath);
        var page = await HtmlDocuments.ParseAsync(learner, opened);
        Assert.Equal("1", page.QuerySelector("#notifications #unread-count")!.TextContent.Trim());

        var all = await learner.PostFormAsync(page, "#notifications form[action*='AllRead']");
        Assert.Null(all.QuerySelector("#notifications #unread-count"));
        Assert.Contains("1 notification marked read", all.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, (await Inbox(userId).GetAsync(10)).Unread);
    }

    [Fact]
    public async Task ALearnerCannotMarkAnotherLearnersNoticeReadNorSeeIt()
    {
        var admin = await Learners.AdminAsync(factory);
        var (owner, ownerId) = await Learners.NewAsync(factory, admin);
        var (intruder, intruderId) = await Learners.NewAsync(factory, admin);
        var notice = await GiveAsync(ownerId, NoticeKind.Overdue, null);
        await GiveAsync(intruderId, NoticeKind.Assigned, null);

        // The intruder posts the owner's key into their own page's forms: it is not in their inbox, so nothing is marked.
        var page = await intruder.GetDocumentAsync("/Account/Notifications");
        Assert.DoesNotContain("overdue", page.QuerySelector("#notices")!.TextContent, StringComparison.Ordinal);
        var afterRead = await intruder.PostFormAsync(page, "#notices form[action*='handler=Read']", new() { ["key"] = notice.Key });
        Assert.Contains("not unread here", afterRead.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
        var afterOpen = await intruder.PostFormAsync(page, "#notices form[action*='handler=Open']", new() { ["key"] = notice.Key });
        Assert.Contains("no longer kept", afterOpen.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);

        Assert.Equal(1, (await Inbox(ownerId).GetAsync(10)).Unread);
        Assert.Equal(1, (await Inbox(intruderId).GetAsync(10)).Unread);
        Assert.Contains("is overdue", (await owner.GetDocumentAsync("/Account/Notifications")).QuerySelector("#notices")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProfileTurnsRemindersOffAndOnAndAnApiUpdateWithoutTheFieldKeepsTheChoice()
    {
        var admin = await Learners.AdminAsync(factory);
        var (learner, _) = await Learners.NewAsync(factory, admin);
        var profile = await learner.GetDocumentAsync("/Account/Profile");
        Assert.True(((IHtmlInputElement)profile.QuerySelector("#Input_MailReminders")!).IsChecked);

        // An unchecked box sends only the hidden "false" that follows it.
        var saved = await learner.PostFormAsync(profile, "form#profile", new() { ["Input.MailReminders"] = "false" });
        Assert.False(((IHtmlInputElement)saved.QuerySelector("#Input_MailReminders")!).IsChecked);
        Assert.True(await RemindersOffAsync(learner));

        using (var kept = await learner.PutAsJsonAsync(new Uri("/v1/me/profile", UriKind.Relative), new { firstName = "Renamed", lastName = "Learner" }))
        {
            kept.EnsureSuccessStatusCode();
        }

        Assert.True(await RemindersOffAsync(learner));
        using (var on = await learner.PutAsJsonAsync(new Uri("/v1/me/profile", UriKind.Relative), new { firstName = "Renamed", lastName = "Learner", remindersOff = false }))
        {
            on.EnsureSuccessStatusCode();
        }

        Assert.False(await RemindersOffAsync(learner));
    }

    [Fact]
    public async Task AnAdminResendOfAMailThatNeverFailedIsRefusedAndQueuesNothing()
    {
        var admin = await Learners.AdminAsync(factory);
        var (_, userId) = await Learners.NewAsync(factory, admin);
        var page = await admin.GetDocumentAsync("/Admin/Notifications");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        foreach (var (recipient, key) in new[] { (userId, "never-failed"), ("../etc/passwd", "x") })
        {
            using var forged = await admin.PostAsync(new Uri("/Admin/Notifications?handler=Resend", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["recipientId"] = recipient, ["key"] = key, ["__RequestVerificationToken"] = token ?? "",
            }));
            var answer = await HtmlDocuments.ParseAsync(admin, forged);
            Assert.Contains("not among the failed ones", answer.QuerySelector("#error")!.TextContent, StringComparison.Ordinal);
        }

        var queue = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<INoticeMailGrain>(GrainKeys.NoticeMail(userId)).GetAsync();
        Assert.Empty(queue.Waiting);
        Assert.Equal(0, queue.Sent);
    }

    private const string DemoPackage = "security-basics";

    private INotificationInboxGrain Inbox(string userId) =>
        factory.Services.GetRequiredService<IGrainFactory>().GetGrain<INotificationInboxGrain>(GrainKeys.NotificationInbox(userId));

    private async Task<Notice> GiveAsync(string userId, NoticeKind kind, int? daysBefore)
    {
        var notice = new Notice($"test:{Guid.NewGuid():N}", kind, userId, userId, DemoPackage, 1, DateTimeOffset.UtcNow.AddDays(3), null, daysBefore, DateTimeOffset.UtcNow);
        Assert.True(await Inbox(userId).ReceiveAsync(notice));
        return notice;
    }

    private static async Task<bool> RemindersOffAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>(new Uri("/v1/me/profile", UriKind.Relative))).GetProperty("remindersOff").GetBoolean();
}
