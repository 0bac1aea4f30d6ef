using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Grains.Abstractions.Users;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace CoursePortal.Grains.Tests.Notifications;

/// <summary>Without Mail:SmtpHost (local mode, these tests) each notice's mail is one .eml file in Mail:PickupDirectory,
/// and the silo said at start where that folder is.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PickupFolderTests(ClusterFixture fixture)
{
    [Fact]
    public async Task WithoutAnSmtpHostEachNoticeIsOneMailFileInThePickupFolderAndTheLogSaysWhere()
    {
        var userId = $"pickup-{Guid.NewGuid():N}"[..20];
        await fixture.Client.GetGrain<IUserGrain>(GrainKeys.User(userId)).CreateAsync(new NewUser($"{userId}@example.com", "Pia", "Pickup", [Role.Learner]), "admin");
        var notice = new Notice($"pickup:{userId}", NoticeKind.Overdue, userId, userId, "no-such-package", 1, DateTimeOffset.UtcNow.AddDays(-1), null, null, DateTimeOffset.UtcNow);
        var inbox = fixture.Client.GetGrain<INotificationInboxGrain>(GrainKeys.NotificationInbox(userId));
        Assert.True(await inbox.ReceiveAsync(notice));
        Assert.False(await inbox.ReceiveAsync(notice));

        var mail = await WaitForMailAsync(notice.Key);
        Assert.Equal($"{userId}@example.com", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("no-such-package is overdue", mail.Subject);
        Assert.Equal(1, (await fixture.Client.GetGrain<INoticeMailGrain>(GrainKeys.NoticeMail(userId)).GetAsync()).Sent);
        Assert.Single(await MailsForAsync(notice.Key));
        Assert.Contains(fixture.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains(fixture.MailPath, StringComparison.Ordinal)
            && l.Message.Contains("No Mail:SmtpHost", StringComparison.Ordinal));
    }

    private async Task<MimeMessage> WaitForMailAsync(string key)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await MailsForAsync(key)).FirstOrDefault() is { } mail)
            {
                return mail;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"No mail of {key} in {fixture.MailPath} within 10 s");
    }

    private async Task<List<MimeMessage>> MailsForAsync(string key)
    {
        var found = new List<MimeMessage>();
        foreach (var file in Directory.GetFiles(fixture.MailPath, "*.eml"))
        {
            var message = await MimeMessage.LoadAsync(file);
            if (message.Headers["X-CoursePortal-Notice"] == key)
            {
                found.Add(message);
            }
        }

        return found;
    }
}
