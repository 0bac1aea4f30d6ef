using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Grains.Tests.Packages;

/// <summary>The status rule in the enrollment grain: in progress from the moment a course of the package is started or
/// any of its work counts (credit carried in included), recorded once as package_started; a course outside the package
/// starts nothing. The reports count by that event (PackageLearner.Replay).</summary>
[Collection(ClusterCollection.Name)]
public sealed class EnrollmentStatusTests(ClusterFixture fixture)
{
    private readonly LearnerSetup _setup = new(fixture.Client);

    [Fact]
    public async Task CreditCarriedInStartsTheEnrollmentWhenItIsMadeAndTheReportSaysSo()
    {
        var userId = await _setup.UserAsync();
        var (required, optional) = (await _setup.CourseAsync(), await _setup.CourseAsync());
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(required), Course(optional, required: false)]));
        await _setup.CompleteCourseAsync(userId, optional);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.User(userId).GetCompletionsAsync()).ContainsKey(optional), "the user has the completion");

        var enrolled = await _setup.User(userId).EnrollInPackageAsync(packageId, userId, dueAt: null);
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(Events(userId, packageId).Any(e => e.Kind == LearningEventKinds.PackageStarted)), "the start is audited");

        Assert.Equal(EnrollmentStatus.InProgress, enrolled.Status);
        Assert.Equal([LearningEventKinds.Enrolled, LearningEventKinds.PackageStarted], Events(userId, packageId).Select(e => e.Kind));
        Assert.Contains("\"startedEvent\":true", Events(userId, packageId).First().Details, StringComparison.Ordinal);
        Assert.Equal(EnrollmentStatus.InProgress, PackageLearner.Replay(packageId, fixture.Events.Events, DateTimeOffset.UtcNow).Single().Status);
    }

    [Fact]
    public async Task StartingACourseOfThePackageStartsItOnceAndACourseOutsideItStartsNothing()
    {
        var userId = await _setup.UserAsync();
        var (first, second, outside) = (await _setup.CourseAsync(), await _setup.CourseAsync(), await _setup.CourseAsync());
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(first), Course(second)]));
        await _setup.User(userId).EnrollInPackageAsync(packageId, userId, dueAt: null);

        await _setup.Progress(userId, outside).StartAsync();
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(fixture.Events.Events.Any(e => e.UserId == userId && e.CourseId == outside)), "the other course's start is audited");
        var untouched = await _setup.Enrollment(userId, packageId).GetAsync();
        var reportBefore = PackageLearner.Replay(packageId, fixture.Events.Events, DateTimeOffset.UtcNow).Single().Status;
        await _setup.Progress(userId, first).StartAsync();
        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(userId, packageId).GetAsync()).Status == EnrollmentStatus.InProgress, "the package is in progress");
        await _setup.Progress(userId, second).StartAsync();
        await _setup.Progress(userId, first).StartAsync();
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(Events(userId, packageId).Any(e => e.Kind == LearningEventKinds.PackageStarted)), "the start is audited");
        // Later notices land after the first; a second package_started would be in the log by the time the user's next
        // start is (both leave through outboxes flushed on the same timer).
        var later = await _setup.CourseAsync();
        await _setup.Progress(userId, later).StartAsync();
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(fixture.Events.Events.Any(e => e.UserId == userId && e.CourseId == later)), "the last start is audited");

        Assert.Equal((EnrollmentStatus.NotStarted, 0), (untouched.Status, untouched.Percent));
        Assert.Equal(EnrollmentStatus.NotStarted, reportBefore);
        Assert.Single(Events(userId, packageId), e => e.Kind == LearningEventKinds.PackageStarted);
        Assert.Equal(EnrollmentStatus.InProgress, PackageLearner.Replay(packageId, fixture.Events.Events, DateTimeOffset.UtcNow).Single().Status);
    }

    private IEnumerable<LearningEvent> Events(string userId, string packageId) =>
        fixture.Events.Events.Where(e => e.UserId == userId && e.PackageId == packageId);
}
