using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Grains.Tests.Packages;

[Collection(ClusterCollection.Name)]
public sealed class PackageEnrollmentGrainTests(ClusterFixture fixture)
{
    private readonly LearnerSetup _setup = new(fixture.Client);

    [Fact]
    public async Task ACourseCompletionCompletesThePackageThroughTheUser()
    {
        var userId = await _setup.UserAsync();
        var (a, b) = (await _setup.CourseAsync(), await _setup.CourseAsync());
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(a), Course(b)]));

        var enrolled = await _setup.User(userId).EnrollInPackageAsync(packageId, userId, dueAt: null);
        await _setup.CompleteCourseAsync(userId, a);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(userId, packageId).GetAsync()).Percent == 50, "half done");
        await _setup.CompleteCourseAsync(userId, b);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(userId, packageId).GetAsync()).Status == EnrollmentStatus.Completed, "package complete");

        Assert.Equal((1, EnrollmentStatus.NotStarted), (enrolled.Version, enrolled.Status));
        Assert.NotNull((await _setup.Enrollment(userId, packageId).GetAsync()).CompletedAt);
    }

    [Fact]
    public async Task EnrollingWhereNoVersionIsActiveIsAConflict()
    {
        var userId = await _setup.UserAsync();
        var packageId = LearnerSetup.Unique("draft-only");
        await fixture.Client.GetGrain<IPackageGrain>(GrainKeys.Package(packageId))
            .CreateAsync(new PackageContent("Draft", null, null, Set(null, SetMode.All, [Course("x")])), "setup");

        var refusal = await Assert.ThrowsAsync<DomainException>(() => _setup.User(userId).EnrollInPackageAsync(packageId, userId, null));

        Assert.Equal((DomainErrorKind.Conflict, "no_active_version"), (refusal.Kind, refusal.Code));
    }

    [Fact]
    public async Task ACourseCompletedEarlierOrForAnotherPackageCountsUnlessTheVersionDemandsRetraining()
    {
        var userId = await _setup.UserAsync();
        var shared = await _setup.CourseAsync();
        await _setup.CompleteCourseAsync(userId, shared);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.User(userId).GetCompletionsAsync()).ContainsKey(shared), "the completion is recorded");
        var credit = await _setup.PackageAsync(Set(null, SetMode.All, [Course(shared)]));
        var retraining = await _setup.PackageAsync(Set(null, SetMode.All, [Course(shared)]), retraining: true);

        var withCredit = await _setup.User(userId).EnrollInPackageAsync(credit, userId, null);
        var mustRetake = await _setup.User(userId).EnrollInPackageAsync(retraining, userId, null);

        Assert.Equal((EnrollmentStatus.Completed, 100), (withCredit.Status, withCredit.Percent));
        Assert.Equal((EnrollmentStatus.NotStarted, 0), (mustRetake.Status, mustRetake.Percent));
    }

    [Fact]
    public async Task TheCybersecurityStoryWithRealLearners()
    {
        var (early, late) = (await _setup.UserAsync(), await _setup.UserAsync());
        var (password, gdpr, phishing) = (await _setup.CourseAsync(), await _setup.CourseAsync(), await _setup.CourseAsync());
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(password), Course(gdpr, required: false)]));
        var package = fixture.Client.GetGrain<IPackageGrain>(GrainKeys.Package(packageId));
        await _setup.User(early).EnrollInPackageAsync(packageId, "admin", DateTimeOffset.UtcNow.AddDays(30));

        await package.CreateDraftAsync(null, "author");
        await package.SaveDraftAsync(new PackageContent($"Package {packageId}", null, null, Set(null, SetMode.All, [Course(password), Course(gdpr), Course(phishing)])), "author");
        await package.PublishAsync(new PublishRequest("v2: phishing, GDPR required"), "approver");
        var newcomer = await _setup.User(late).EnrollInPackageAsync(packageId, late, null);
        await _setup.CompleteCourseAsync(early, password);
        await _setup.CompleteCourseAsync(late, password);

        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(early, packageId).GetAsync()).Status == EnrollmentStatus.Completed, "v1 learner completes against v1");
        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(late, packageId).GetAsync()).Percent == 33, "v2 learner has a third");
        var v1Learner = await _setup.Enrollment(early, packageId).GetAsync();
        Assert.Equal((1, "admin", false), (v1Learner.Version, v1Learner.EnrolledBy, v1Learner.Overdue));
        Assert.Equal(2, newcomer.Version);
        Assert.Equal(EnrollmentStatus.InProgress, (await _setup.Enrollment(late, packageId).GetAsync()).Status);
    }

    [Fact]
    public async Task ReEnrollingAfterCompletionStartsANewEnrollmentOnTheActiveVersion()
    {
        var userId = await _setup.UserAsync();
        var courseId = await _setup.CourseAsync();
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(courseId)]), retraining: true);
        await _setup.User(userId).EnrollInPackageAsync(packageId, userId, null);
        await _setup.CompleteCourseAsync(userId, courseId);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(userId, packageId).GetAsync()).Status == EnrollmentStatus.Completed, "first round complete");

        var again = await _setup.User(userId).EnrollInPackageAsync(packageId, userId, null);
        var open = await _setup.User(userId).EnrollInPackageAsync(packageId, userId, null);

        Assert.Equal((EnrollmentStatus.NotStarted, (DateTimeOffset?)null), (again.Status, again.CompletedAt));
        Assert.Equal(again.EnrolledAt, open.EnrolledAt);
    }
}
