using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CoursePortal.Integration.Tests;

/// <summary>Notices mailed by a real silo on PostgreSQL to a real SMTP server in the test process, read back with MimeKit:
/// one message per notice, to its recipient, from both templates, with links under Portal:PublicUrl; retried while the
/// server refuses, none twice; kept as failed past the retry budget, listed for admins and sent again on resend; resumed by
/// the next silo; reminders left out for a learner who turned them off; nothing mailed to a deactivated account.</summary>
public sealed class NoticeMailTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const string PublicUrl = "https://learn.portal.example";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan QuickRetry = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task EveryKindOfNoticeArrivesOnceToItsRecipientWithItsSubjectLinksAndBothParts()
    {
        await using var smtp = TestSmtpServer.Start();
        var run = Run();
        await using var silo = await StartSiloAsync(run, smtp.MailSettings(QuickRetry));
        await using var client = await RealClient.StartAsync(database.ConnectionString, run.Cluster, run.Service);
        var (learner, manager, package) = await SetUpAsync(client.Client, run.Id);

        var sent = new List<Notice>();
        foreach (var kind in Enum.GetValues<NoticeKind>())
        {
            foreach (var recipient in new[] { learner, manager })
            {
                var notice = Notice(run.Id, kind, learner, recipient, package);
                Assert.True(await Inbox(client.Client, recipient).ReceiveAsync(notice));
                sent.Add(notice);
            }
        }

        // The same notice again (a reminder that fired twice) is neither kept nor mailed again.
        Assert.False(await Inbox(client.Client, learner).ReceiveAsync(sent[0]));

        await Eventually.HoldsAsync(() => Task.FromResult(sent.All(n => smtp.For(n.Key).Count > 0)), Deadline, "every notice's mail arrives");
        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (var notice in sent)
        {
            var message = Assert.Single(smtp.For(notice.Key));
            var to = Assert.Single(message.To.Mailboxes);
            Assert.Equal(notice.ToManager ? $"{manager}@example.com" : $"{learner}@example.com", to.Address);
            Assert.Equal("learning@portal.example", Assert.Single(message.From.Mailboxes).Address);
            Assert.Contains($"Mail Package {run.Id}", message.Subject, StringComparison.Ordinal);
            Assert.NotNull(message.HtmlBody);
            Assert.NotNull(message.TextBody);
            var link = notice.ToManager ? $"{PublicUrl}/Team" : $"{PublicUrl}/Learn/Package/{package}";
            Assert.Contains($"href=\"{link}\"", message.HtmlBody, StringComparison.Ordinal);
            Assert.Contains(link, message.TextBody, StringComparison.Ordinal);
            Assert.Contains($"{PublicUrl}/Account/Notifications", message.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", message.HtmlBody + message.TextBody + message.Subject, StringComparison.Ordinal);
            if (notice.ToManager)
            {
                // A manager's copy names the learner it is about, in the subject and the body.
                Assert.Contains("Lina Mailer", message.Subject, StringComparison.Ordinal);
                Assert.Contains("Lina Mailer", message.TextBody, StringComparison.Ordinal);
                Assert.Contains("Hello Max Boss", message.TextBody, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("Hello Lina Mailer", message.TextBody, StringComparison.Ordinal);
            }
        }

        Assert.Contains("is due in 3 days", Assert.Single(smtp.For(Key(run.Id, NoticeKind.DueSoon, learner))).Subject, StringComparison.Ordinal);
        Assert.Contains("15 June 2030", Assert.Single(smtp.For(Key(run.Id, NoticeKind.Overdue, learner))).TextBody, StringComparison.Ordinal);
        var inbox = await Inbox(client.Client, learner).GetAsync(20);
        Assert.Equal(6, inbox.Unread);
        Assert.Equal([.. sent.Where(n => !n.ToManager).Select(n => n.Key).Reverse()], inbox.Items.Select(i => i.Notice.Key));
        Assert.All(inbox.Items, i => Assert.Equal($"Mail Package {run.Id}", i.PackageName));
        Assert.Equal("Lina Mailer", (await Inbox(client.Client, manager).GetAsync(1)).Items[0].LearnerName);
    }

    [Fact]
    public async Task WhileTheSmtpServerRefusesMailsWaitAndArriveOnceEachAfterItRecovers()
    {
        await using var smtp = TestSmtpServer.Start();
        smtp.Refusing = true;
        var run = Run();
        await using var silo = await StartSiloAsync(run, smtp.MailSettings(QuickRetry, maxAttempts: 30));
        await using var client = await RealClient.StartAsync(database.ConnectionString, run.Cluster, run.Service);
        var (learner, _, package) = await SetUpAsync(client.Client, run.Id);
        NoticeKind[] kinds = [NoticeKind.Assigned, NoticeKind.DueSoon, NoticeKind.Overdue];
        foreach (var kind in kinds)
        {
            await Inbox(client.Client, learner).ReceiveAsync(Notice(run.Id, kind, learner, learner, package));
        }

        await Eventually.HoldsAsync(() => Task.FromResult(smtp.Refused >= 2 * kinds.Length), Deadline, "each mail is refused at least twice");
        var waiting = await Mail(client.Client, learner).GetAsync();
        Assert.Equal(kinds.Length, waiting.Waiting.Length);
        Assert.All(waiting.Waiting, m => Assert.True(m.Attempts >= 1 && m.LastError is not null));
        Assert.Empty(smtp.Received);

        smtp.Refusing = false;
        var recovered = await Eventually.HoldsAsync(() => Task.FromResult(kinds.All(k => smtp.For(Key(run.Id, k, learner)).Count > 0)), Deadline, "every mail arrives");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.All(kinds, k => Assert.Single(smtp.For(Key(run.Id, k, learner))));
        var after = await Mail(client.Client, learner).GetAsync();
        Assert.Empty(after.Waiting);
        Assert.Equal(kinds.Length, after.Sent);
        output.WriteLine($"{smtp.Refused} refusals; all {kinds.Length} mails arrived {recovered.TotalSeconds:0.0} s after the server recovered, once each");
    }

    [Fact]
    public async Task AMailFailingPastItsRetryBudgetIsListedForAdminsAndResendDeliversIt()
    {
        await using var given = await GivenUpMailAsync(NoticeKind.Overdue);
        var (smtp, client, run, learner, package, notice, registry) = (given.Smtp, given.Client, given.Run, given.Learner, given.Package, given.Notice, given.Registry);
        Assert.Equal(2, smtp.Refused);
        var failed = Assert.Single((await Mail(client.Client, learner).GetAsync()).Failed);
        Assert.Equal(2, failed.Attempts);

        await using var web = new ClientModeWebFactory(database.ConnectionString, run.Cluster, run.Service);
        var admin = await web.SignedInClientAsync();
        var page = await admin.GetDocumentAsync("/Admin/Notifications");
        var row = page.QuerySelectorAll("#failed-mails tbody tr").Single(r => r.TextContent.Contains($"{learner}@example.com", StringComparison.Ordinal));
        Assert.Contains("Overdue", row.TextContent, StringComparison.Ordinal);
        var resend = (IHtmlFormElement)row.QuerySelector("form")!;

        // A forged form naming a mail that did not fail is refused and queues nothing.
        using (var forged = await admin.SubmitAsync(resend, new Dictionary<string, string> { ["key"] = notice.Key + ":forged" }))
        {
            var answer = await forged.Content.ReadAsStringAsync();
            Assert.Contains("not among the failed ones", answer, StringComparison.Ordinal);
        }

        Assert.Single((await Mail(client.Client, learner).GetAsync()).Failed);
        Assert.Contains(await registry.ListAsync(), m => m.Key == notice.Key);

        smtp.Refusing = false;
        using (var resent = await admin.SubmitAsync(resend))
        {
            Assert.Contains("queued again", await resent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(smtp.For(notice.Key).Count > 0), Deadline, "the resent mail arrives");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(smtp.For(notice.Key));
        Assert.DoesNotContain(await registry.ListAsync(), m => m.Key == notice.Key);
        Assert.DoesNotContain($"{learner}@example.com", (await admin.GetDocumentAsync("/Admin/Notifications")).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIntegrationListsAFailedMailAndResendsItThroughTheApiAndAForgedResendChangesNothing()
    {
        await using var given = await GivenUpMailAsync(NoticeKind.DueSoon);
        var (smtp, client, run, learner, package, notice, registry) = (given.Smtp, given.Client, given.Run, given.Learner, given.Package, given.Notice, given.Registry);
        await using var web = new ClientModeWebFactory(database.ConnectionString, run.Cluster, run.Service);
        var admin = await web.SignedInClientAsync();

        var listed = (await admin.GetFromJsonAsync<JsonElement>(new Uri("/v1/mail/failed", UriKind.Relative)))
            .EnumerateArray().Single(m => m.GetProperty("key").GetString() == notice.Key);
        using var forged = await admin.PostAsJsonAsync(new Uri("/v1/mail/failed/resend", UriKind.Relative), new { recipientId = learner, key = notice.Key + ":forged" });
        using var keyless = await admin.PostAsJsonAsync(new Uri("/v1/mail/failed/resend", UriKind.Relative), new { recipientId = learner });
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (forged.StatusCode, await CodeAsync(forged)));
        Assert.Equal((HttpStatusCode.BadRequest, "required"), (keyless.StatusCode, await CodeAsync(keyless)));
        Assert.Single((await Mail(client.Client, learner).GetAsync()).Failed);
        Assert.Empty(smtp.For(notice.Key));

        smtp.Refusing = false;
        using var resent = await admin.PostAsJsonAsync(new Uri("/v1/mail/failed/resend", UriKind.Relative), new { recipientId = learner, key = notice.Key });
        await Eventually.HoldsAsync(() => Task.FromResult(smtp.For(notice.Key).Count > 0), Deadline, "the resent mail arrives");
        using var again = await admin.PostAsJsonAsync(new Uri("/v1/mail/failed/resend", UriKind.Relative), new { recipientId = learner, key = notice.Key });

        Assert.Equal((learner, $"{learner}@example.com", "due_soon", package, 2), (listed.GetProperty("recipientId").GetString(),
            listed.GetProperty("recipientEmail").GetString(), listed.GetProperty("kind").GetString(), listed.GetProperty("packageId").GetString(),
            listed.GetProperty("attempts").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Single(smtp.For(notice.Key));
        Assert.DoesNotContain((await admin.GetFromJsonAsync<JsonElement>(new Uri("/v1/mail/failed", UriKind.Relative))).EnumerateArray(),
            m => m.GetProperty("key").GetString() == notice.Key);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    [Fact]
    public async Task ALearnerWhoTurnedRemindersOffKeepsADueSoonNoticeInTheListButGetsOnlyTheOverdueMail()
    {
        await using var smtp = TestSmtpServer.Start();
        var run = Run();
        await using var silo = await StartSiloAsync(run, smtp.MailSettings(QuickRetry));
        await using var client = await RealClient.StartAsync(database.ConnectionString, run.Cluster, run.Service);
        var (learner, _, package) = await SetUpAsync(client.Client, run.Id);
        var profile = await client.Client.GetGrain<IUserGrain>(GrainKeys.User(learner)).UpdateProfileAsync(new ProfileUpdate("Lina", "Mailer", RemindersOff: true));
        Assert.True(profile.RemindersOff);

        var dueSoon = Notice(run.Id, NoticeKind.DueSoon, learner, learner, package);
        var overdue = Notice(run.Id, NoticeKind.Overdue, learner, learner, package);
        await Inbox(client.Client, learner).ReceiveAsync(dueSoon);
        await Inbox(client.Client, learner).ReceiveAsync(overdue);

        await Eventually.HoldsAsync(() => Task.FromResult(smtp.For(overdue.Key).Count > 0), Deadline, "the overdue notice is mailed");
        await Eventually.HoldsAsync(async () => (await Mail(client.Client, learner).GetAsync()).Waiting.IsEmpty, Deadline, "the reminder leaves the queue");
        Assert.Empty(smtp.For(dueSoon.Key));
        Assert.Equal(1, (await Mail(client.Client, learner).GetAsync()).Sent);
        var inbox = await Inbox(client.Client, learner).GetAsync(10);
        Assert.Equal([overdue.Key, dueSoon.Key], inbox.Items.Select(i => i.Notice.Key));
    }

    [Fact]
    public async Task ADeactivatedUserIsMailedNothingAndKeepsTheNoticesInTheirList()
    {
        await using var smtp = TestSmtpServer.Start();
        var run = Run();
        await using var silo = await StartSiloAsync(run, smtp.MailSettings(QuickRetry));
        await using var client = await RealClient.StartAsync(database.ConnectionString, run.Cluster, run.Service);
        var (learner, manager, package) = await SetUpAsync(client.Client, run.Id);
        Assert.True((await client.Client.GetGrain<IUserGrain>(GrainKeys.User(learner)).DeactivateAsync(manager)).Deactivated);

        // Even the notices that are always mailed (assigned, overdue) are not, to an account that cannot sign in.
        var assigned = Notice(run.Id, NoticeKind.Assigned, learner, learner, package);
        var overdue = Notice(run.Id, NoticeKind.Overdue, learner, learner, package);
        var toManager = Notice(run.Id, NoticeKind.Overdue, learner, manager, package);
        await Inbox(client.Client, learner).ReceiveAsync(assigned);
        await Inbox(client.Client, learner).ReceiveAsync(overdue);
        await Inbox(client.Client, manager).ReceiveAsync(toManager);

        await Eventually.HoldsAsync(() => Task.FromResult(smtp.For(toManager.Key).Count > 0), Deadline, "the manager's copy is mailed");
        await Eventually.HoldsAsync(async () => (await Mail(client.Client, learner).GetAsync()).Waiting.IsEmpty, Deadline, "the learner's notices leave the queue");
        Assert.Empty(smtp.For(assigned.Key));
        Assert.Empty(smtp.For(overdue.Key));
        Assert.Equal(0, (await Mail(client.Client, learner).GetAsync()).Sent);
        Assert.Equal([overdue.Key, assigned.Key], (await Inbox(client.Client, learner).GetAsync(10)).Items.Select(i => i.Notice.Key));
    }

    [Fact]
    public async Task AMailQueuedBeforeItsSiloStoppedIsSentByTheNextSiloWithNobodyCallingIt()
    {
        await using var smtp = TestSmtpServer.Start();
        smtp.Refusing = true;
        var run = Run();
        string learner;
        Notice notice;
        await using (var silo = await StartSiloAsync(run, smtp.MailSettings(QuickRetry, maxAttempts: 50)))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, run.Cluster, run.Service))
        {
            (learner, _, var package) = await SetUpAsync(client.Client, run.Id);
            notice = Notice(run.Id, NoticeKind.Assigned, learner, learner, package);
            await Inbox(client.Client, learner).ReceiveAsync(notice);
            await Eventually.HoldsAsync(() => Task.FromResult(smtp.Refused >= 1), Deadline, "the first attempt is refused");
        }

        smtp.Refusing = false;
        await using (var silo = await StartSiloAsync(run, smtp.MailSettings(QuickRetry, maxAttempts: 50)))
        {
            var waited = await Eventually.HoldsAsync(() => Task.FromResult(smtp.For(notice.Key).Count > 0), Deadline, "the next silo's reminder sends the mail");
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Single(smtp.For(notice.Key));
            output.WriteLine($"sent {waited.TotalSeconds:0.0} s after the second silo started");
        }
    }

    [Fact]
    public async Task QueueingANoticeDoesNotWaitForASendThatHangsOnTheRelay()
    {
        // A relay that accepts the connection and never says a word: every exchange hangs until Mail:TimeoutSeconds.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new System.Collections.Concurrent.ConcurrentBag<System.Net.Sockets.TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptTcpClientAsync());
            }
        });
        var run = Run();
        await using var smtp = TestSmtpServer.Start();
        var settings = smtp.MailSettings(QuickRetry);
        settings["Mail:SmtpPort"] = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Mail:TimeoutSeconds"] = "6";
        await using var silo = await StartSiloAsync(run, settings);
        await using var client = await RealClient.StartAsync(database.ConnectionString, run.Cluster, run.Service);
        var (learner, _, package) = await SetUpAsync(client.Client, run.Id);

        await Inbox(client.Client, learner).ReceiveAsync(Notice(run.Id, NoticeKind.Assigned, learner, learner, package));
        await Eventually.HoldsAsync(() => Task.FromResult(!accepted.IsEmpty), Deadline, "the first send connects to the silent relay");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await Inbox(client.Client, learner).ReceiveAsync(Notice(run.Id, NoticeKind.Overdue, learner, learner, package)));
        var queued = watch.Elapsed;
        Assert.Equal(2, (await Inbox(client.Client, learner).GetAsync(5)).Unread);
        var read = watch.Elapsed;
        Assert.True(read < TimeSpan.FromSeconds(3), $"queueing and reading took {queued.TotalSeconds:0.0} s and {read.TotalSeconds:0.0} s while a send hung");

        await Eventually.HoldsAsync(async () => (await Mail(client.Client, learner).GetAsync()).Waiting.Any(m => m.Attempts >= 1 && m.LastError is not null),
            Deadline, "the hung send counts as a failed attempt after the timeout");
        output.WriteLine($"a notice was queued in {queued.TotalMilliseconds:0} ms while the queue's send waited on a silent relay");
        foreach (var connection in accepted)
        {
            connection.Dispose();
        }
    }

    private sealed record RunIds(string Id, string Cluster, string Service);

    /// <summary>A silo on PostgreSQL whose SMTP server refuses, and a notice mail given up after two attempts and listed.</summary>
    private sealed record GivenUpMail(TestSmtpServer Smtp, RealSilo Silo, RealClient Client, RunIds Run, string Learner, string Package, Notice Notice,
        IFailedMailRegistryGrain Registry) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Silo.DisposeAsync();
            await Smtp.DisposeAsync();
        }
    }

    private async Task<GivenUpMail> GivenUpMailAsync(NoticeKind kind)
    {
        var run = Run();
        var smtp = TestSmtpServer.Start();
        smtp.Refusing = true;
        RealSilo? silo = null;
        RealClient? client = null;
        try
        {
            silo = await StartSiloAsync(run, smtp.MailSettings(QuickRetry, maxAttempts: 2));
            client = await RealClient.StartAsync(database.ConnectionString, run.Cluster, run.Service);
            var (learner, _, package) = await SetUpAsync(client.Client, run.Id);
            var notice = Notice(run.Id, kind, learner, learner, package);
            await Inbox(client.Client, learner).ReceiveAsync(notice);
            var registry = client.Client.GetGrain<IFailedMailRegistryGrain>(GrainKeys.FailedMailRegistry);
            await Eventually.HoldsAsync(async () => (await registry.ListAsync()).Any(m => m.Key == notice.Key), Deadline, "the mail is given up and listed");
            return new GivenUpMail(smtp, silo, client, run, learner, package, notice, registry);
        }
        catch
        {
            // The test never gets these to dispose: stop them here so a failed setup leaves no silo running.
            if (client is not null)
            {
                await client.DisposeAsync();
            }

            if (silo is not null)
            {
                await silo.DisposeAsync();
            }

            await smtp.DisposeAsync();
            throw;
        }
    }

    private static RunIds Run()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return new RunIds(id, $"cluster-{id}", $"service-{id}");
    }

    private Task<RealSilo> StartSiloAsync(RunIds run, IReadOnlyDictionary<string, string?> settings) =>
        RealSilo.StartAsync(database.ConnectionString, run.Cluster, run.Service, settings: settings);

    // A learner (Lina Mailer), her manager (Max Boss) and a published package.
    private static async Task<(string Learner, string Manager, string Package)> SetUpAsync(IClusterClient grains, string id)
    {
        var (learner, manager, course, package) = ($"lina-{id}", $"max-{id}", $"mail-course-{id}", $"mail-package-{id}");
        await grains.GetGrain<IUserGrain>(GrainKeys.User(learner)).CreateAsync(new NewUser($"{learner}@example.com", "Lina", "Mailer", [Role.Learner]), "admin");
        await grains.GetGrain<IUserGrain>(GrainKeys.User(manager)).CreateAsync(new NewUser($"{manager}@example.com", "Max", "Boss", [Role.Learner]), "admin");
        await TwoLessonCourse.PublishAsync(grains, course, "Mail course");
        var grain = grains.GetGrain<IPackageGrain>(GrainKeys.Package(package));
        await grain.CreateAsync(new PackageContent($"Mail Package {id}", null, null, RequirementNode.Set(null, SetMode.All, [RequirementNode.Course(course)])), "author");
        await grain.PublishAsync(new PublishRequest(null), "author");
        return (learner, manager, package);
    }

    private static string Key(string run, NoticeKind kind, string recipient) => $"{run}:{kind}:{recipient}";

    private static Notice Notice(string run, NoticeKind kind, string learner, string recipient, string package) =>
        new(Key(run, kind, recipient), kind, learner, recipient, package, 1,
            DueAt: new DateTimeOffset(2030, 6, 15, 12, 0, 0, TimeSpan.Zero), ExpiresAt: new DateTimeOffset(2031, 6, 15, 12, 0, 0, TimeSpan.Zero),
            DaysBefore: kind is NoticeKind.DueSoon or NoticeKind.CertificationExpiring ? 3 : null, CreatedAt: DateTimeOffset.UtcNow);

    private static INotificationInboxGrain Inbox(IClusterClient grains, string userId) => grains.GetGrain<INotificationInboxGrain>(GrainKeys.NotificationInbox(userId));

    private static INoticeMailGrain Mail(IClusterClient grains, string userId) => grains.GetGrain<INoticeMailGrain>(GrainKeys.NoticeMail(userId));
}
