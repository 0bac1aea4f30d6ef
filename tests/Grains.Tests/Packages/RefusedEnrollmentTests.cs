using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Grains.Tests.Packages;

/// <summary>An enrollment the package refuses stores nothing on the user: the index of enrollments stays as it was.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RefusedEnrollmentTests(ClusterFixture fixture)
{
    private readonly LearnerSetup _setup = new(fixture.Client);

    [Fact]
    public async Task EnrollingInAPackageThatDoesNotExistIsNotFoundAndLeavesTheIndexAsItWas()
    {
        var userId = await _setup.UserAsync();
        var open = await _setup.PackageAsync(Set(null, SetMode.All, [Course(await _setup.CourseAsync())]));
        await _setup.User(userId).EnrollInPackageAsync(open, userId, null);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => _setup.User(userId).EnrollInPackageAsync(LearnerSetup.Unique("pkg-none"), userId, null));

        Assert.Equal((DomainErrorKind.NotFound, ErrorCodes.NotFound), (refusal.Kind, refusal.Code));
        Assert.Equal([open], (await _setup.User(userId).GetPackageEnrollmentsAsync()).AsEnumerable());
    }

    [Fact]
    public async Task EnrollingOutsideTheWindowOrWithAPastDueDateLeavesTheIndexEmpty()
    {
        var userId = await _setup.UserAsync();
        var courseId = await _setup.CourseAsync();
        var closed = LearnerSetup.Unique("pkg");
        var package = fixture.Client.GetGrain<IPackageGrain>(GrainKeys.Package(closed));
        await package.CreateAsync(new PackageContent("Closed", null, null, Set(null, SetMode.All, [Course(courseId)]),
            AvailableFrom: DateTimeOffset.UtcNow.AddDays(-30), AvailableUntil: DateTimeOffset.UtcNow.AddDays(-1)), "setup");
        await package.PublishAsync(new Abstractions.Versioning.PublishRequest(null), "setup");
        var open = await _setup.PackageAsync(Set(null, SetMode.All, [Course(courseId)]));

        var outside = await Assert.ThrowsAsync<DomainException>(() => _setup.User(userId).EnrollInPackageAsync(closed, userId, null));
        var pastDue = await Assert.ThrowsAsync<DomainException>(() => _setup.User(userId).EnrollInPackageAsync(open, userId, DateTimeOffset.UtcNow.AddDays(-1)));

        Assert.Equal("enrollment_closed", outside.Code);
        Assert.Equal("invalid_due_date", pastDue.Code);
        Assert.Empty(await _setup.User(userId).GetPackageEnrollmentsAsync());
        await Assert.ThrowsAsync<DomainException>(() => _setup.Enrollment(userId, open).GetAsync());
    }

    [Fact]
    public async Task EnrollingAgainInAnOpenEnrollmentWhosePackageWasArchivedReturnsItAsBefore()
    {
        var userId = await _setup.UserAsync();
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(await _setup.CourseAsync())]));
        var first = await _setup.User(userId).EnrollInPackageAsync(packageId, userId, null);
        await fixture.Client.GetGrain<IPackageGrain>(GrainKeys.Package(packageId)).ArchiveAsync("retired", "setup");

        var again = await _setup.User(userId).EnrollInPackageAsync(packageId, userId, null);

        Assert.Equal((first.Version, first.EnrolledAt), (again.Version, again.EnrolledAt));
        Assert.Equal([packageId], (await _setup.User(userId).GetPackageEnrollmentsAsync()).AsEnumerable());
        Assert.DoesNotContain(fixture.Events.Events, e => e.UserId == userId && e.Kind == LearningEventKinds.Enrolled && e.PackageId != packageId);
    }
}
