using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Integration.Tests;

/// <summary>"What training was this user assigned, on which version, and what had they completed, as of that
/// day?" — answered from learning_events on PostgreSQL after a scripted timeline.</summary>
public sealed class TranscriptTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset KnownNow = Start.AddYears(1);

    [Fact]
    public async Task TheTranscriptAsOfAPastInstantShowsWhatWasTrueThen()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId, userId) = ($"cluster-{id}", $"service-{id}", Guid.NewGuid().ToString("N"));
        var (a, b, packageId) = ($"ta-{id}", $"tb-{id}", $"tp-{id}");
        var clock = new ScriptedClock(Start);
        await using var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, s => s.AddSingleton<TimeProvider>(clock));
        await using var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId);
        var grains = client.Client;
        foreach (var course in new[] { a, b })
        {
            var grain = grains.GetGrain<ICourseGrain>(GrainKeys.Course(course));
            await grain.CreateAsync(new CourseContent(course, Modules: [new Module("m", "M", null, [new Lesson("l1", "L", LessonType.Content, true, 5, Markdown: "x")])]), "author");
            await grain.PublishAsync(new PublishRequest(null), "author");
        }

        var package = grains.GetGrain<IPackageGrain>(GrainKeys.Package(packageId));
        await package.CreateAsync(new PackageContent("Timeline", null, null, RequirementNode.Set(null, SetMode.All, [RequirementNode.Course(a), RequirementNode.Course(b)])), "author");
        await package.PublishAsync(new PublishRequest(null), "author");
        var user = grains.GetGrain<IUserGrain>(GrainKeys.User(userId));
        await user.CreateAsync(new NewUser($"{userId}@example.com", "Tim", "Line", [Role.Learner]), "admin");

        await user.EnrollInPackageAsync(packageId, "admin", Start.AddDays(30));
        await WaitForAsync(userId, LearningEventKinds.Enrolled);
        clock.Now = Start.AddDays(10);
        await CompleteAsync(grains, userId, a);
        await WaitForAsync(userId, LearningEventKinds.CourseCompleted);
        clock.Now = Start.AddDays(40);
        await CompleteAsync(grains, userId, b);
        await WaitForAsync(userId, LearningEventKinds.PackageCompleted);

        var audit = grains.GetGrain<IAuditGrain>(GrainKeys.Audit);
        var before = await audit.GetTranscriptAsync(userId, Start.AddDays(-1), KnownNow);
        var early = await audit.GetTranscriptAsync(userId, Start.AddDays(15), KnownNow);
        var late = await audit.GetTranscriptAsync(userId, Start.AddDays(35), KnownNow);
        var after = await audit.GetTranscriptAsync(userId, Start.AddDays(45), KnownNow);

        Assert.Empty(before.Packages);
        Assert.Empty(before.Courses);
        var assigned = Assert.Single(early.Packages);
        Assert.Equal((packageId, 1, Start, Start.AddDays(30), (DateTimeOffset?)null, false),
            (assigned.PackageId, assigned.Version, assigned.EnrolledAt, assigned.DueAt, assigned.CompletedAt, assigned.Overdue));
        Assert.Equal([a], early.Courses.Select(c => c.CourseId));
        Assert.True(Assert.Single(late.Packages).Overdue);
        var finished = Assert.Single(after.Packages);
        Assert.Equal((Start.AddDays(40), false), (finished.CompletedAt, finished.Overdue));
        Assert.Equal([a, b], after.Courses.Select(c => c.CourseId).Order(StringComparer.Ordinal));

        var reportEarly = Assert.Single(await audit.GetPackageReportAsync(packageId, Start.AddDays(5)));
        var reportLate = Assert.Single(await audit.GetPackageReportAsync(packageId, Start.AddDays(35)));
        var reportAfter = Assert.Single(await audit.GetPackageReportAsync(packageId, Start.AddDays(45)));
        Assert.Equal((1, 1, 1, 0, 0, 0), (reportEarly.Version, reportEarly.Enrolled, reportEarly.NotStarted, reportEarly.InProgress, reportEarly.Completed, reportEarly.Overdue));
        Assert.Equal((0, 1, 0, 1), (reportLate.NotStarted, reportLate.InProgress, reportLate.Completed, reportLate.Overdue));
        Assert.Equal((1, 100, 0), (reportAfter.Completed, reportAfter.CompletionRate, reportAfter.Overdue));
    }

    [Fact]
    public async Task ImportedHistoryCountsFromItsOwnDateAndOnlyOnceThePortalRecordedIt()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId, userId, courseId) = ($"cluster-{id}", $"service-{id}", Guid.NewGuid().ToString("N"), $"ti-{id}");
        var clock = new ScriptedClock(Start);
        await using var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, s => s.AddSingleton<TimeProvider>(clock));
        await using var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId);
        var grains = client.Client;
        var course = grains.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
        await course.CreateAsync(new CourseContent(courseId, Modules: [new Module("m", "M", null, [new Lesson("l1", "L", LessonType.Content, true, 5, Markdown: "x")])]), "author");
        await course.PublishAsync(new PublishRequest(null), "author");
        var user = grains.GetGrain<IUserGrain>(GrainKeys.User(userId));
        await user.CreateAsync(new NewUser($"{userId}@example.com", "Old", "Record", [Role.Learner]), "admin");
        var completedAt = new DateTimeOffset(2020, 3, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.True(await user.ImportCreditAsync(courseId, completedAt, "classroom", "admin"));
        await WaitForAsync(userId, LearningEventKinds.CreditGranted);

        var audit = grains.GetGrain<IAuditGrain>(GrainKeys.Audit);
        var dayOf2021 = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var credit = Assert.Single((await audit.GetTranscriptAsync(userId, dayOf2021, KnownNow)).Courses);
        Assert.Equal((courseId, completedAt, Start, true), (credit.CourseId, credit.CompletedAt, credit.RecordedAt, credit.Imported));
        Assert.Empty((await audit.GetTranscriptAsync(userId, dayOf2021, Start.AddDays(-1))).Courses);
        Assert.Empty((await audit.GetTranscriptAsync(userId, completedAt.AddDays(-1), KnownNow)).Courses);
    }

    private static async Task CompleteAsync(IClusterClient grains, string userId, string courseId)
    {
        var progress = grains.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(userId, courseId));
        await progress.StartAsync();
        await progress.CompleteLessonAsync("l1");
    }

    private Task<TimeSpan> WaitForAsync(string userId, string kind) => Eventually.HoldsAsync(
        async () => await database.ScalarAsync<long>("SELECT count(*) FROM learning_events WHERE user_id = @u AND kind = @k", ("u", userId), ("k", kind)) > 0,
        TimeSpan.FromSeconds(30), $"a {kind} event");
}
