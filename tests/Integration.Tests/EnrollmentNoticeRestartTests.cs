using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Grains.Notifications;
using CoursePortal.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CoursePortal.Integration.Tests;

/// <summary>A package enrollment's notices outlive the silo that scheduled them: its reminder is in PostgreSQL, so after a
/// kill the next silo wakes the enrollment, which sends the notice once (its slot is recorded with the enrollment's state
/// write, and the inbox keeps a key once), and the reminder is removed when nothing is left to send. Real time throughout:
/// a jumping clock would also move the membership's own timestamps (Orleans reads the same TimeProvider) and get the
/// silo declared dead, so the due date is set a day and some seconds ahead and the due-soon offset to one day. The notices
/// are mailed to a real SMTP server in the test process, which refuses for a while after the restart: one message each.</summary>
public sealed class EnrollmentNoticeRestartTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    // Long enough for the first silo to be killed and the next one started before the notice falls due.
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(30);

    // Several wake-ups of the enrollment, whose reminder repeats every second here.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task ANoticeScheduledBeforeASiloKillArrivesOnceFromTheNextSiloAndCompletionRemovesTheReminder()
    {
        await using var smtp = TestSmtpServer.Start();
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId, courseId, packageId, learner) = ($"cluster-{id}", $"service-{id}", $"nc-{id}", $"np-{id}", $"learner-{id}");
        DateTimeOffset dueSoonAt;

        await using (var silo = await StartSiloAsync(clusterId, serviceId, smtp))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var grains = client.Client;
            await grains.GetGrain<IUserGrain>(GrainKeys.User(learner)).CreateAsync(new NewUser($"{learner}@example.com", "Notice", "Test", [Role.Learner]), "admin");
            await TwoLessonCourse.PublishAsync(grains, courseId, "Notices");
            var package = grains.GetGrain<IPackageGrain>(GrainKeys.Package(packageId));
            await package.CreateAsync(new PackageContent("Notices", null, null, RequirementNode.Set(null, SetMode.All, [RequirementNode.Course(courseId)])), "author");
            await package.PublishAsync(new PublishRequest(null), "author");
            dueSoonAt = DateTimeOffset.UtcNow + Lead;
            await grains.GetGrain<IUserGrain>(GrainKeys.User(learner)).EnrollInPackageAsync(packageId, "admin", dueSoonAt.AddDays(1));
            await Eventually.HoldsAsync(async () => (await Inbox(grains, learner).ListKeptAsync()).Length == 1, TimeSpan.FromSeconds(20), "the assignment notice arrives");
            await Eventually.HoldsAsync(() => Task.FromResult(smtp.Received.Count == 1), TimeSpan.FromSeconds(20), "the assignment is mailed");
            Assert.Equal(1L, await RemindersAsync(serviceId));
            await silo.KillAsync();
        }

        Assert.True(DateTimeOffset.UtcNow < dueSoonAt, "the silo that scheduled the notice must be gone before it falls due for this test to mean anything");
        // The relay is down when the notice falls due, and for a while after: the mail is retried until it is back.
        smtp.Refusing = true;
        await using (var silo = await StartSiloAsync(clusterId, serviceId, smtp))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var grains = client.Client;
            var waited = await Eventually.HoldsAsync(async () => (await Inbox(grains, learner).ListKeptAsync()).Length >= 2, Lead + TimeSpan.FromSeconds(60), "the due-soon notice arrives from the new silo");
            output.WriteLine($"the due-soon notice arrived {(DateTimeOffset.UtcNow - dueSoonAt).TotalSeconds:0.0} s after it fell due (waited {waited.TotalSeconds:0.0} s after the restart)");
            await Eventually.HoldsAsync(() => Task.FromResult(smtp.Refused >= 3), TimeSpan.FromSeconds(30), "the relay refuses the due-soon mail a few times");
            smtp.Refusing = false;
            await Eventually.HoldsAsync(() => Task.FromResult(smtp.Received.Count >= 2), TimeSpan.FromSeconds(30), "the due-soon mail arrives once the relay is back");
            await Task.Delay(Quiet);
            var notices = await Inbox(grains, learner).ListKeptAsync();
            output.WriteLine($"the relay refused {smtp.Refused} attempts before it came back");

            var progress = grains.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(learner, courseId));
            await progress.StartAsync();
            await progress.CompleteLessonAsync("l1");
            await progress.CompleteLessonAsync("l2");
            var removed = await Eventually.HoldsAsync(async () => await RemindersAsync(serviceId) == 0, TimeSpan.FromSeconds(30), "completing the package removes its reminder");
            output.WriteLine($"the reminder was removed {removed.TotalSeconds:0.0} s after the last lesson");

            (NoticeKind, int?)[] expected = [(NoticeKind.Assigned, null), (NoticeKind.DueSoon, 1)];
            Assert.Equal(expected, notices.Select(n => (n.Kind, n.DaysBefore)));
            Assert.True(notices[1].CreatedAt >= dueSoonAt, "the due-soon notice was sent when it fell due, not before");
            Assert.Equal(2, notices.Select(n => n.Key).Distinct(StringComparer.Ordinal).Count());
            // Exactly one message per notice, across the kill and the refusals.
            Assert.Equal(2, smtp.Received.Count);
            Assert.All(notices, n => Assert.Equal($"{learner}@example.com", Assert.Single(Assert.Single(smtp.For(n.Key)).To.Mailboxes).Address));
        }
    }

    private Task<RealSilo> StartSiloAsync(string clusterId, string serviceId, TestSmtpServer smtp) =>
        RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, services => services.Configure<NoticeOptions>(o =>
        {
            o.DueSoonDays = "1";
            o.LongestReminderWait = TimeSpan.FromSeconds(1);
        }), smtp.MailSettings(TimeSpan.FromMilliseconds(300), maxAttempts: 50));

    private static INotificationInboxGrain Inbox(IClusterClient grains, string userId) => grains.GetGrain<INotificationInboxGrain>(GrainKeys.NotificationInbox(userId));

    private Task<long> RemindersAsync(string serviceId) =>
        database.ScalarAsync<long>("SELECT count(*) FROM orleansreminderstable WHERE serviceid = @s AND remindername = 'enrollment-notices'", ("s", serviceId));
}
