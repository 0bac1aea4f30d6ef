using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class ProfileAndHistoryTests(ClusterFixture fixture)
{
    private readonly LearnerSetup _setup = new(fixture.Client);

    [Fact]
    public async Task AnInstructorsProfileCarriesImageAndBioAndRejectsUnsafeUrls()
    {
        var userId = await _setup.UserAsync(Role.Contributor);

        var profile = await _setup.User(userId).UpdateProfileAsync(new ProfileUpdate("Grace", "Hopper", null, "https://img.example.com/grace.png", "Rear admiral; teaches debugging."));
        var refusal = await Assert.ThrowsAsync<DomainException>(() => _setup.User(userId).UpdateProfileAsync(new ProfileUpdate("Grace", "Hopper", ImageUrl: "javascript:alert(1)")));

        Assert.Equal(("Grace Hopper", "https://img.example.com/grace.png", "Rear admiral; teaches debugging."), (profile.DisplayName, profile.ImageUrl, profile.Bio));
        Assert.Equal(("invalid_url", "imageUrl"), (refusal.Code, refusal.Field));
        Assert.Equal("Grace Hopper", (await _setup.User(userId).GetProfileAsync()).DisplayName);
    }

    [Fact]
    public async Task OneCompletionCountsForEveryPackageThatContainsTheCourse()
    {
        var userId = await _setup.UserAsync();
        var shared = await _setup.CourseAsync();
        var other = await _setup.CourseAsync();
        var first = await _setup.PackageAsync(Set(null, SetMode.All, [Course(shared)]));
        var second = await _setup.PackageAsync(Set(null, SetMode.All, [Course(shared), Course(other)]));
        await _setup.User(userId).EnrollInPackageAsync(first, userId, null);
        await _setup.User(userId).EnrollInPackageAsync(second, userId, null);

        await _setup.CompleteCourseAsync(userId, shared);

        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(userId, first).GetAsync()).Status == EnrollmentStatus.Completed
            && (await _setup.Enrollment(userId, second).GetAsync()).Percent == 50, "both packages count the completion");
    }

    [Fact]
    public async Task RecertificationKeepsTheEarlierRoundWithItsVersionAndDates()
    {
        var userId = await _setup.UserAsync();
        var courseId = await _setup.CourseAsync();
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(courseId)]), retraining: true);
        var firstRound = await _setup.User(userId).EnrollInPackageAsync(packageId, userId, null);
        await _setup.CompleteCourseAsync(userId, courseId);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(userId, packageId).GetAsync()).CompletedAt is not null, "first round complete");
        var completedAt = (await _setup.Enrollment(userId, packageId).GetAsync()).CompletedAt;

        var secondRound = await _setup.User(userId).EnrollInPackageAsync(packageId, userId, null);

        var earlier = Assert.Single(secondRound.History);
        Assert.Equal((1, firstRound.EnrolledAt, completedAt), (earlier.Version, earlier.EnrolledAt, earlier.CompletedAt));
        Assert.True(secondRound.EnrolledAt > firstRound.EnrolledAt);
    }
}
