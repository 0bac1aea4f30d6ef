using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Grains.Tests.Learning;

[Collection(ClusterCollection.Name)]
public sealed class MovingLearnersTests(ClusterFixture fixture)
{
    private readonly LearnerSetup _setup = new(fixture.Client);

    [Fact]
    public async Task AnAdminMovesTheChosenLearnersOfAnOlderVersionWithTheirCredit()
    {
        var (a, b, c) = (await _setup.CourseAsync(), await _setup.CourseAsync(), await _setup.CourseAsync());
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(a), Course(b)]));
        var (idle, busy, done) = (await _setup.UserAsync(), await _setup.UserAsync(), await _setup.UserAsync());
        foreach (var user in new[] { idle, busy, done })
        {
            await _setup.User(user).EnrollInPackageAsync(packageId, "admin", null);
        }

        await _setup.CompleteCourseAsync(busy, a);
        await _setup.CompleteCourseAsync(done, a);
        await _setup.CompleteCourseAsync(done, b);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(done, packageId).GetAsync()).Status == EnrollmentStatus.Completed
            && (await _setup.Enrollment(busy, packageId).GetAsync()).Status == EnrollmentStatus.InProgress, "the learners' progress is in place");
        var package = fixture.Client.GetGrain<IPackageGrain>(GrainKeys.Package(packageId));
        await package.CreateDraftAsync(null, "author");
        await package.SaveDraftAsync(new PackageContent($"Package {packageId}", null, null, Set(null, SetMode.All, [Course(a), Course(b), Course(c)])), "author");
        await package.PublishAsync(new PublishRequest("v2 adds a course"), "author");

        var notStarted = await RunAsync(packageId, EnrollmentStatus.NotStarted);
        Assert.Equal((3, 1), (notStarted.Processed, notStarted.Moved));
        Assert.Equal(2, (await _setup.Enrollment(idle, packageId).GetAsync()).Version);
        Assert.Equal(1, (await _setup.Enrollment(busy, packageId).GetAsync()).Version);

        var inProgress = await RunAsync(packageId, EnrollmentStatus.InProgress);
        var movedBusy = await _setup.Enrollment(busy, packageId).GetAsync();
        Assert.Equal(1, inProgress.Moved);
        Assert.Equal((2, 33), (movedBusy.Version, movedBusy.Percent));
        Assert.Equal((1, EnrollmentStatus.Completed), ((await _setup.Enrollment(done, packageId).GetAsync()).Version, (await _setup.Enrollment(done, packageId).GetAsync()).Status));
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(
            fixture.Events.Events.Count(e => e.PackageId == packageId && e.Kind == LearningEventKinds.MovedToVersion) == 2), "both moves are audited");
    }

    [Fact]
    public async Task CompletedEnrollmentsCannotBeChosenAndTheTargetMustBeNewer()
    {
        var courseId = await _setup.CourseAsync();
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(courseId)]));
        var migration = fixture.Client.GetGrain<IVersionMigrationGrain>(GrainKeys.Migration(Guid.NewGuid().ToString("N")));

        var completed = await Assert.ThrowsAsync<DomainException>(() => migration.StartAsync(packageId, 1, [EnrollmentStatus.Completed], "admin"));
        var sameVersion = await Assert.ThrowsAsync<DomainException>(() => migration.StartAsync(packageId, 1, [EnrollmentStatus.NotStarted], "admin"));

        Assert.Equal("invalid_statuses", completed.Code);
        Assert.Equal((DomainErrorKind.Conflict, "not_an_older_version"), (sameVersion.Kind, sameVersion.Code));
    }

    private async Task<MigrationStatus> RunAsync(string packageId, EnrollmentStatus status)
    {
        var migration = fixture.Client.GetGrain<IVersionMigrationGrain>(GrainKeys.Migration(Guid.NewGuid().ToString("N")));
        await migration.StartAsync(packageId, 1, [status], "admin");
        await LearnerSetup.EventuallyAsync(async () => (await migration.GetAsync()).State == MigrationState.Completed, "the migration finishes");
        return await migration.GetAsync();
    }
}
