using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Grains.Packages;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Grains.Tests.Packages;

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

    [Fact]
    public async Task AMoveStopsWhenANewerVersionIsPublishedBetweenItsBatchesAndMovesNobodyOntoTheReplacedVersion()
    {
        var courseId = await _setup.CourseAsync();
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(courseId)]));
        var learners = await Task.WhenAll(Enumerable.Range(0, VersionMigrationGrain.BatchSize + 5).Select(async _ =>
        {
            var user = await _setup.UserAsync();
            await _setup.User(user).EnrollInPackageAsync(packageId, "admin", null);
            return user;
        }));
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(
            fixture.Events.Events.Count(e => e.PackageId == packageId && e.Kind == LearningEventKinds.Enrolled) == learners.Length), "every enrollment is in the audit trail");
        var package = fixture.Client.GetGrain<IPackageGrain>(GrainKeys.Package(packageId));
        await PublishAsync(package, courseId, "v2");
        var pause = fixture.Pauses.PauseAfterFirstBatch(packageId);
        var migration = fixture.Client.GetGrain<IVersionMigrationGrain>(GrainKeys.Migration(Guid.NewGuid().ToString("N")));

        await migration.StartAsync(packageId, 1, [EnrollmentStatus.NotStarted], "admin");
        await pause.Reached.WaitAsync(TimeSpan.FromSeconds(20));
        await PublishAsync(package, courseId, "v3");
        pause.Release();
        await LearnerSetup.EventuallyAsync(async () => (await migration.GetAsync()).State != MigrationState.Running, "the migration ends");

        var status = await migration.GetAsync();
        var versions = await Task.WhenAll(learners.Select(async u => (await _setup.Enrollment(u, packageId).GetAsync()).Version));
        Assert.Equal((MigrationState.Stopped, "version 2 is no longer active; version 3 is"), (status.State, status.Reason));
        Assert.Equal((VersionMigrationGrain.BatchSize, VersionMigrationGrain.BatchSize), (status.Processed, status.Moved));
        Assert.Equal(VersionMigrationGrain.BatchSize, versions.Count(v => v == 2));
        Assert.Equal(5, versions.Count(v => v == 1));
        Assert.DoesNotContain(3, versions);
    }

    private static async Task PublishAsync(IPackageGrain package, string courseId, string notes)
    {
        await package.CreateDraftAsync(null, "author");
        await package.SaveDraftAsync(new PackageContent($"Package {notes}", null, null, Set(null, SetMode.All, [Course(courseId)])), "author");
        await package.PublishAsync(new PublishRequest(notes), "author");
    }

    private async Task<MigrationStatus> RunAsync(string packageId, EnrollmentStatus status)
    {
        var migration = fixture.Client.GetGrain<IVersionMigrationGrain>(GrainKeys.Migration(Guid.NewGuid().ToString("N")));
        await migration.StartAsync(packageId, 1, [status], "admin");
        await LearnerSetup.EventuallyAsync(async () => (await migration.GetAsync()).State == MigrationState.Completed, "the migration finishes");
        return await migration.GetAsync();
    }
}
