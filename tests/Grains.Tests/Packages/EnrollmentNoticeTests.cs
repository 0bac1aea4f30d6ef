using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Grains.Tests.Packages;

/// <summary>
/// A package enrollment's notices reach the inboxes, driven by its own reminder: the assignment at once, then due-soon,
/// overdue (with the manager's copy) and certification notices as a clock the tests move forward reaches their dates.
/// The reminder wakes each enrollment every second of real time here (Notices:LongestReminderWait), and the enrollment
/// reads the moved clock, so weeks pass in seconds. Every notice is also mailed, through a real SMTP server in the test
/// process, once.
/// </summary>
public sealed class EnrollmentNoticeTests(EnrollmentNoticeTests.Cluster fixture) : IClassFixture<EnrollmentNoticeTests.Cluster>
{
    // Several wake-ups of every enrollment: long enough for a notice that should not come to have come.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    private readonly LearnerSetup _setup = new(fixture.Client);

    [Fact]
    public async Task AnAssignmentWithADueDateGivesTheLearnerExactlyOneAssignedNotice()
    {
        var (learner, selfEnrolled) = (await _setup.UserAsync(), await _setup.UserAsync());
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(await _setup.CourseAsync())]));
        var due = fixture.Clock.GetUtcNow().AddDays(20);

        var enrolled = await _setup.User(learner).EnrollInPackageAsync(packageId, "admin", due);
        await NoticesAsync(learner, 1);
        await _setup.User(learner).EnrollInPackageAsync(packageId, "admin", due);
        await _setup.User(selfEnrolled).EnrollInPackageAsync(packageId, selfEnrolled, null);
        await Task.Delay(Quiet);

        var notice = Assert.Single(await Inbox(learner).ListKeptAsync());
        Assert.Equal((NoticeKind.Assigned, learner, learner, packageId, enrolled.Version, due), (notice.Kind, notice.LearnerId, notice.RecipientId, notice.PackageId, notice.Version, notice.DueAt));
        Assert.Empty(await Inbox(selfEnrolled).ListKeptAsync());
    }

    [Fact]
    public async Task RemindersBringTheDueSoonNoticesThenOverdueToTheLearnerAndTheirManagerUntilCompleted()
    {
        var (learner, manager) = (await _setup.UserAsync(), await _setup.UserAsync());
        await fixture.Client.GetGrain<IOrgChartGrain>(GrainKeys.OrgChart).SetManagerAsync(learner, manager);
        var courseId = await _setup.CourseAsync();
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(courseId)]));
        var due = fixture.Clock.GetUtcNow().AddDays(20);
        await _setup.User(learner).EnrollInPackageAsync(packageId, "admin", due);
        await NoticesAsync(learner, 1);

        foreach (var (at, learnerNotices) in new[] { (due.AddDays(-14), 2), (due.AddDays(-3), 3), (due.AddDays(-1), 4) })
        {
            MoveClockTo(at.AddHours(1));
            await NoticesAsync(learner, learnerNotices);
        }

        MoveClockTo(due.AddDays(1).AddHours(1));
        await NoticesAsync(learner, 5);
        await NoticesAsync(manager, 1);
        MoveClockTo(due.AddDays(8).AddHours(1));
        await NoticesAsync(learner, 6);
        await NoticesAsync(manager, 2);
        await _setup.CompleteCourseAsync(learner, courseId);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(learner, packageId).GetAsync()).Status == EnrollmentStatus.Completed, "the package is completed");
        MoveClockTo(due.AddDays(15).AddHours(1));
        await Task.Delay(Quiet);

        var toLearner = await Inbox(learner).ListKeptAsync();
        var toManager = await Inbox(manager).ListKeptAsync();
        (NoticeKind, int?)[] expected =
        [
            (NoticeKind.Assigned, null), (NoticeKind.DueSoon, 14), (NoticeKind.DueSoon, 3), (NoticeKind.DueSoon, 1), (NoticeKind.Overdue, null), (NoticeKind.Overdue, null),
        ];
        Assert.Equal(expected, toLearner.Select(n => (n.Kind, n.DaysBefore)));
        Assert.All(toManager, n => Assert.Equal((NoticeKind.Overdue, learner, manager, due), (n.Kind, n.LearnerId, n.RecipientId, n.DueAt)));
        Assert.Equal(2, toManager.Length);
        Assert.Equal(8, toLearner.Concat(toManager).Select(n => n.Key).Distinct(StringComparer.Ordinal).Count());
        // Each one mailed once, through SMTP, to its recipient: the learner's due-soon subjects count the days down.
        var toLearnerMail = await Task.WhenAll(toLearner.Select(MailAsync));
        var toManagerMail = await Task.WhenAll(toManager.Select(MailAsync));
        Assert.All(toLearnerMail, m => Assert.Equal($"{learner}@example.com", Assert.Single(m.To.Mailboxes).Address));
        Assert.All(toManagerMail, m => Assert.Equal($"{manager}@example.com", Assert.Single(m.To.Mailboxes).Address));
        Assert.Equal(["14 days", "3 days", "1 day"], toLearnerMail[1..4].Select(m => m.Subject![(m.Subject!.LastIndexOf(" in ", StringComparison.Ordinal) + 4)..]));
    }

    [Fact]
    public async Task ACertificationExpiringIsToldToLearnerAndManagerAndANewRoundWithItsOwnDueDateReplansTheNotices()
    {
        var (learner, manager) = (await _setup.UserAsync(), await _setup.UserAsync());
        await fixture.Client.GetGrain<IOrgChartGrain>(GrainKeys.OrgChart).SetManagerAsync(learner, manager);
        var courseId = await _setup.CourseAsync();
        var packageId = await PackageValidForAsync(90, courseId);
        await _setup.User(learner).EnrollInPackageAsync(packageId, learner, null);
        await _setup.CompleteCourseAsync(learner, courseId);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(learner, packageId).GetAsync()).Status == EnrollmentStatus.Completed, "the package is completed");
        var expires = (await _setup.Enrollment(learner, packageId).GetAsync()).ExpiresAt!.Value;

        MoveClockTo(expires.AddDays(-60).AddHours(1));
        await NoticesAsync(learner, 1);
        await NoticesAsync(manager, 1);
        var due = fixture.Clock.GetUtcNow().AddDays(100);
        await _setup.User(learner).EnrollInPackageAsync(packageId, "admin", due);
        await NoticesAsync(learner, 2);
        MoveClockTo(expires.AddDays(-14).AddHours(1));
        await Task.Delay(Quiet);
        var afterTheOldRoundsDates = (await Inbox(learner).ListKeptAsync()).Length;
        MoveClockTo(due.AddDays(-14).AddHours(1));
        await NoticesAsync(learner, 3);

        var toLearner = await Inbox(learner).ListKeptAsync();
        (NoticeKind, DateTimeOffset?, DateTimeOffset?, int?)[] expected =
        [
            (NoticeKind.CertificationExpiring, null, expires, 60), (NoticeKind.Assigned, due, null, null), (NoticeKind.DueSoon, due, null, 14),
        ];
        Assert.Equal(expected, toLearner.Select(n => (n.Kind, n.DueAt, n.ExpiresAt, n.DaysBefore)));
        Assert.Equal(2, afterTheOldRoundsDates);
        var toManager = Assert.Single(await Inbox(manager).ListKeptAsync());
        Assert.Equal((NoticeKind.CertificationExpiring, learner, 60), (toManager.Kind, toManager.LearnerId, toManager.DaysBefore ?? 0));
        Assert.Equal($"{manager}@example.com", Assert.Single((await MailAsync(toManager)).To.Mailboxes).Address);
        Assert.Equal($"{learner}@example.com", Assert.Single((await MailAsync(toLearner[0])).To.Mailboxes).Address);
    }

    [Fact]
    public async Task AReminderThatFiresSeveralTimesAtOnceSendsEachNoticeOnce()
    {
        var learner = await _setup.UserAsync();
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(await _setup.CourseAsync())]));
        var due = fixture.Clock.GetUtcNow().AddDays(20);
        await _setup.User(learner).EnrollInPackageAsync(packageId, "admin", due);
        await NoticesAsync(learner, 1);
        var reminder = _setup.Enrollment(learner, packageId).AsReference<IRemindable>();

        MoveClockTo(due.AddDays(-14).AddHours(1));
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => reminder.ReceiveReminder(Grains.Packages.EnrollmentNoticeKeeper.ReminderName, default)));
        await NoticesAsync(learner, 2);
        await Task.Delay(Quiet);

        var dueSoon = Assert.Single(await Inbox(learner).ListKeptAsync(), n => n.Kind == NoticeKind.DueSoon);
        Assert.Equal(14, dueSoon.DaysBefore);
        Assert.Equal(2, (await Inbox(learner).ListKeptAsync()).Length);
    }

    [Fact]
    public async Task ChangingTheDueDatePlansTheNoticesFromTheNewDateAndTheOldDatesBringNothing()
    {
        var learner = await _setup.UserAsync();
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(await _setup.CourseAsync())]));
        var due = fixture.Clock.GetUtcNow().AddDays(20);
        await _setup.User(learner).EnrollInPackageAsync(packageId, "admin", due);
        MoveClockTo(due.AddDays(-14).AddHours(1));
        await NoticesAsync(learner, 2);

        var later = due.AddDays(16);
        var changed = await _setup.Enrollment(learner, packageId).ChangeDueDateAsync("manager", later);
        Assert.Equal(later, changed.DueAt);
        MoveClockTo(due.AddDays(1).AddHours(1));
        await Task.Delay(Quiet);
        var beforeTheNewDates = (await Inbox(learner).ListKeptAsync()).Length;
        MoveClockTo(later.AddDays(-14).AddHours(1));
        await NoticesAsync(learner, 3);
        await Task.Delay(Quiet);

        (NoticeKind, DateTimeOffset?, int?)[] expected = [(NoticeKind.Assigned, due, null), (NoticeKind.DueSoon, due, 14), (NoticeKind.DueSoon, later, 14)];
        Assert.Equal(expected, (await Inbox(learner).ListKeptAsync()).Select(n => (n.Kind, n.DueAt, n.DaysBefore)));
        Assert.Equal(2, beforeTheNewDates);
        Assert.Equal(later, (await _setup.Enrollment(learner, packageId).GetAsync()).DueAt);
    }

    [Fact]
    public async Task ADueDateChangeIsRefusedForAPastDateACompletedEnrollmentOrNoEnrollmentAndChangesNothing()
    {
        var learner = await _setup.UserAsync();
        var courseId = await _setup.CourseAsync();
        var done = await _setup.PackageAsync(Set(null, SetMode.All, [Course(courseId)]));
        var stillOpen = await _setup.PackageAsync(Set(null, SetMode.All, [Course(await _setup.CourseAsync())]));
        var due = fixture.Clock.GetUtcNow().AddDays(20);
        await _setup.User(learner).EnrollInPackageAsync(done, "admin", due);
        await _setup.User(learner).EnrollInPackageAsync(stillOpen, "admin", due);
        await _setup.CompleteCourseAsync(learner, courseId);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(learner, done).GetAsync()).Status == EnrollmentStatus.Completed, "the package is completed");

        var past = await Assert.ThrowsAsync<DomainException>(() => _setup.Enrollment(learner, stillOpen).ChangeDueDateAsync("manager", fixture.Clock.GetUtcNow().AddMinutes(-1)));
        var completed = await Assert.ThrowsAsync<DomainException>(() => _setup.Enrollment(learner, done).ChangeDueDateAsync("manager", due.AddDays(5)));
        var stranger = await _setup.UserAsync();
        var missing = await Assert.ThrowsAsync<DomainException>(() => _setup.Enrollment(stranger, stillOpen).ChangeDueDateAsync("manager", due));

        Assert.Equal(ErrorCodes.InvalidDueDate, Assert.Single(past.Errors).Code);
        Assert.Equal((DomainErrorKind.Conflict, ErrorCodes.EnrollmentCompleted), (completed.Kind, completed.Code));
        Assert.Equal(DomainErrorKind.NotFound, missing.Kind);
        Assert.Equal(due, (await _setup.Enrollment(learner, stillOpen).GetAsync()).DueAt);
        Assert.Equal(due, (await _setup.Enrollment(learner, done).GetAsync()).DueAt);
    }

    // Each notice's one message, once it is there: the inbox hands it to the recipient's mail queue, which sends it off
    // the request path. None twice: a second message for a key fails here.
    private async Task<MimeMessage> MailAsync(Notice notice)
    {
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(fixture.Smtp.For(notice.Key).Count > 0), $"the {notice.Kind} mail of {notice.Key} arrives (received {fixture.Smtp.Received.Count}, refused {fixture.Smtp.Refused}; {string.Join(" | ", fixture.Logs.Lines.Where(l => l.Category.Contains("Mail", StringComparison.Ordinal)).Select(l => l.Message).TakeLast(5))})");
        return Assert.Single(fixture.Smtp.For(notice.Key));
    }

    private INotificationInboxGrain Inbox(string userId) => fixture.Client.GetGrain<INotificationInboxGrain>(GrainKeys.NotificationInbox(userId));

    private async Task<ImmutableArray<Notice>> NoticesAsync(string userId, int count)
    {
        await LearnerSetup.EventuallyAsync(async () => (await Inbox(userId).ListKeptAsync()).Length >= count, $"{count} notices reach {userId}'s inbox");
        return await Inbox(userId).ListKeptAsync();
    }

    private void MoveClockTo(DateTimeOffset at) => fixture.Clock.Advance(at - fixture.Clock.GetUtcNow());

    // Retraining: a new round is not completed at once by the credit of the last one.
    private async Task<string> PackageValidForAsync(int days, string courseId)
    {
        var id = LearnerSetup.Unique("valid");
        var package = fixture.Client.GetGrain<IPackageGrain>(GrainKeys.Package(id));
        await package.CreateAsync(new PackageContent($"Package {id}", null, null, Set(null, SetMode.All, [Course(courseId)]), ValidityDays: days, CompletionsMustFollowEnrollment: true), "setup");
        await package.PublishAsync(new PublishRequest(null), "setup");
        return id;
    }

    /// <summary>A cluster on a clock the tests move forward, whose reminders may repeat every second, mailing its notices to
    /// a real SMTP server in the test process.</summary>
    public sealed class Cluster : ClusterFixture
    {
        public ManualClock Clock { get; } = new();

        public TestSmtpServer Smtp { get; } = TestSmtpServer.Start();

        protected override IReadOnlyDictionary<string, string> Settings =>
            new Dictionary<string, string>(base.Settings.Concat(Smtp.MailSettings(TimeSpan.FromMilliseconds(300)).Select(s => KeyValuePair.Create(s.Key, s.Value!))))
            {
                ["Notices:LongestReminderWait"] = "00:00:01",
            };

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Smtp.DisposeAsync();
        }

        protected override void ConfigureServices(IServiceCollection services)
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        }
    }
}
