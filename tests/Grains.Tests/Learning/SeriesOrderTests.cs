using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Grains.Tests.Learning;

[Collection(ClusterCollection.Name)]
public sealed class SeriesOrderTests(ClusterFixture fixture)
{
    private readonly LearnerSetup _setup = new(fixture.Client);

    [Fact]
    public async Task ACourseLockedInASeriesOfAnyEnrolledPackageCannotBeStartedWithoutNamingThePackage()
    {
        var userId = await _setup.UserAsync();
        var (first, second) = (await _setup.CourseAsync(), await _setup.CourseAsync());
        var free = await _setup.PackageAsync(Set(null, SetMode.All, [Course(second)]));
        var series = await _setup.PackageAsync(Set(null, SetMode.All, [Set("Series", SetMode.AllInOrder, [Course(first), Course(second)])]));
        await _setup.User(userId).EnrollInPackageAsync(free, userId, null);
        await _setup.User(userId).EnrollInPackageAsync(series, userId, null);

        var withoutPackage = await Assert.ThrowsAsync<DomainException>(() => _setup.Progress(userId, second).StartAsync());
        var throughTheFreePackage = await Assert.ThrowsAsync<DomainException>(() => _setup.Progress(userId, second).StartAsync(free));
        var notStarted = await Assert.ThrowsAsync<DomainException>(() => _setup.Progress(userId, second).GetProgressAsync());

        Assert.Equal((DomainErrorKind.Conflict, "locked_in_series"), (withoutPackage.Kind, withoutPackage.Code));
        Assert.Equal("locked_in_series", throughTheFreePackage.Code);
        Assert.Contains($"package '{series}'", withoutPackage.Message, StringComparison.Ordinal);
        Assert.Contains($"finish '{first}' first", withoutPackage.Message, StringComparison.Ordinal);
        Assert.Equal("not_started", notStarted.Code);
        Assert.DoesNotContain(second, await _setup.User(userId).GetStartedCoursesAsync());
        Assert.DoesNotContain(fixture.Events.Events, e => e.UserId == userId && e.CourseId == second);
    }

    [Fact]
    public async Task FinishingThePredecessorOpensTheCourseOnEveryRoute()
    {
        var userId = await _setup.UserAsync();
        var (first, second) = (await _setup.CourseAsync(), await _setup.CourseAsync());
        var series = await _setup.PackageAsync(Set(null, SetMode.AllInOrder, [Course(first), Course(second)]));
        await _setup.User(userId).EnrollInPackageAsync(series, userId, null);

        await _setup.CompleteCourseAsync(userId, first);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(userId, series).GetAsync()).Percent == 50, "the first course counts");
        var started = await _setup.Progress(userId, second).StartAsync();

        Assert.Equal(1, started.Version);
    }

    [Fact]
    public async Task ACompletedEnrollmentLocksNothingAndARefusedEnrollmentNeverBlocksAStart()
    {
        var userId = await _setup.UserAsync();
        var (first, second, optional) = (await _setup.CourseAsync(), await _setup.CourseAsync(), await _setup.CourseAsync());
        // Complete once the first course is done; the optional course after an optional, unfinished one stays locked.
        var package = await _setup.PackageAsync(Set(null, SetMode.All,
            [Course(first), Set("Extras", SetMode.AllInOrder, [Course(second, required: false), Course(optional, required: false)], required: false)]));
        await _setup.User(userId).EnrollInPackageAsync(package, userId, null);
        await Assert.ThrowsAsync<DomainException>(() => _setup.User(userId).EnrollInPackageAsync("pkg-missing", userId, null));

        var lockedWhileOpen = await Assert.ThrowsAsync<DomainException>(() => _setup.Progress(userId, optional).StartAsync());
        await _setup.CompleteCourseAsync(userId, first);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(userId, package).GetAsync()).Status == EnrollmentStatus.Completed, "the package completes");
        var started = await _setup.Progress(userId, optional).StartAsync();

        Assert.Equal("locked_in_series", lockedWhileOpen.Code);
        Assert.Equal(1, started.Version);
    }
}
