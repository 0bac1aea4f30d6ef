using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Integration.Tests.Infrastructure;

namespace CoursePortal.Integration.Tests;

/// <summary>On PostgreSQL, the read models (db/0009 with db/0012) say of each learner what their enrollment grain says:
/// credit carried in and a course of the package started are "in progress", a course outside the package is not.</summary>
public sealed class EnrollmentStatusAgreementTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task TheReportsReadModelsAgreeWithTheEnrollmentGrains()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId) = ($"cluster-{id}", $"service-{id}");
        var (first, optional, outside, packageId) = ($"sa-{id}", $"so-{id}", $"sx-{id}", $"sp-{id}");
        await using var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId);
        await using var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId);
        var grains = client.Client;
        foreach (var course in new[] { first, optional, outside })
        {
            var grain = grains.GetGrain<ICourseGrain>(GrainKeys.Course(course));
            await grain.CreateAsync(new CourseContent(course, Modules: [new Module("m", "M", null, [new Lesson("l1", "L", LessonType.Content, true, 5, Markdown: "x")])]), "author");
            await grain.PublishAsync(new PublishRequest(null), "author");
        }

        var package = grains.GetGrain<IPackageGrain>(GrainKeys.Package(packageId));
        await package.CreateAsync(new PackageContent("Agreement", null, null,
            RequirementNode.Set(null, SetMode.All, [RequirementNode.Course(first), RequirementNode.Course(optional, required: false)])), "author");
        await package.PublishAsync(new PublishRequest(null), "author");
        var (idle, elsewhere, started, credited) = (await UserAsync(grains), await UserAsync(grains), await UserAsync(grains), await UserAsync(grains));
        await Progress(grains, credited, optional).StartAsync();
        await Progress(grains, credited, optional).CompleteLessonAsync("l1");
        await Eventually.HoldsAsync(async () => (await User(grains, credited).GetCompletionsAsync()).ContainsKey(optional), TimeSpan.FromSeconds(30), "the credit");
        foreach (var user in new[] { idle, elsewhere, started, credited })
        {
            await User(grains, user).EnrollInPackageAsync(packageId, user, dueAt: null);
        }

        await Progress(grains, elsewhere, outside).StartAsync();
        await Progress(grains, started, first).StartAsync();
        await Eventually.HoldsAsync(
            async () => await database.ScalarAsync<long>("SELECT count(*) FROM learning_events WHERE package_id = @p AND kind = 'package_started'", ("p", packageId)) == 2
                && await database.ScalarAsync<long>("SELECT count(*) FROM learning_events WHERE course_id = @c AND kind = 'course_started'", ("c", outside)) == 1,
            TimeSpan.FromSeconds(30), "the starts in the log");

        var audit = grains.GetGrain<IAuditGrain>(GrainKeys.Audit);
        var report = (await audit.GetPackageLearnersAsync(new PackageLearnerQuery(packageId, DateTimeOffset.UtcNow))).ToDictionary(l => l.UserId, l => l.Status);
        var counts = Assert.Single(await audit.GetPackageReportAsync(packageId, DateTimeOffset.UtcNow));

        foreach (var (user, expected) in new[] { (idle, EnrollmentStatus.NotStarted), (elsewhere, EnrollmentStatus.NotStarted), (started, EnrollmentStatus.InProgress), (credited, EnrollmentStatus.InProgress) })
        {
            var grain = (await grains.GetGrain<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(user, packageId)).GetAsync()).Status;
            Assert.Equal((expected, expected), (grain, report[user]));
        }

        Assert.Equal((2, 2, 0), (counts.NotStarted, counts.InProgress, counts.Completed));
    }

    private static async Task<string> UserAsync(IClusterClient grains)
    {
        var userId = Guid.NewGuid().ToString("N");
        await User(grains, userId).CreateAsync(new NewUser($"{userId}@example.com", "Status", "Learner", [Role.Learner]), "admin");
        return userId;
    }

    private static IUserGrain User(IClusterClient grains, string userId) => grains.GetGrain<IUserGrain>(GrainKeys.User(userId));

    private static ICourseEnrollmentGrain Progress(IClusterClient grains, string userId, string courseId) =>
        grains.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(userId, courseId));
}
