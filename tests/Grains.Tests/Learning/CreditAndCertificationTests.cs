using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Packages;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Grains.Tests.Learning;

[Collection(ClusterCollection.Name)]
public sealed class CreditAndCertificationTests(ClusterFixture fixture)
{
    private readonly LearnerSetup _setup = new(fixture.Client);

    [Fact]
    public async Task ManualCreditCountsLikeACompletionAndIsMarkedAsSuch()
    {
        var userId = await _setup.UserAsync();
        var courseId = await _setup.CourseAsync();
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(courseId)]));
        await _setup.User(userId).EnrollInPackageAsync(packageId, "admin", null);

        var noReason = await Assert.ThrowsAsync<DomainException>(() => _setup.User(userId).GrantCreditAsync(courseId, " ", "admin"));
        await _setup.User(userId).GrantCreditAsync(courseId, "Certified by the vendor in 2025", "admin");

        var credit = (await _setup.User(userId).GetCompletionsAsync())[courseId];
        Assert.Equal(("reason", CompletionSource.ManualCredit, "admin"), (noReason.Field, credit.Source, credit.GrantedBy));
        Assert.Equal(EnrollmentStatus.Completed, (await _setup.Enrollment(userId, packageId).GetAsync()).Status);
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(fixture.Events.Events.Any(e =>
            e.UserId == userId && e.Kind == LearningEventKinds.CreditGranted && e.Details.Contains("vendor", StringComparison.Ordinal))), "the credit is audited");
    }

    [Fact]
    public async Task ACourseLockedInASeriesCannotBeStartedWithinThatPackage()
    {
        var userId = await _setup.UserAsync();
        var (first, second) = (await _setup.CourseAsync(), await _setup.CourseAsync());
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Set("Series", SetMode.AllInOrder, [Course(first), Course(second)])]));
        await _setup.User(userId).EnrollInPackageAsync(packageId, userId, null);

        var locked = await Assert.ThrowsAsync<DomainException>(() => _setup.Progress(userId, second).StartAsync(packageId));
        await _setup.CompleteCourseAsync(userId, first);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(userId, packageId).GetAsync()).Percent == 50, "the first course counts");
        var started = await _setup.Progress(userId, second).StartAsync(packageId);

        Assert.Equal((DomainErrorKind.Conflict, "locked_in_series"), (locked.Kind, locked.Code));
        Assert.Contains("locked", locked.Message, StringComparison.Ordinal);
        Assert.Equal(1, started.Version);
    }

    [Theory]
    [InlineData(0, CertificationStatus.Valid)]
    [InlineData(340, CertificationStatus.RecertificationDue)]
    [InlineData(365, CertificationStatus.Expired)]
    public void ACompletionExpiresAfterTheValidityPeriodWithRecertificationDueInItsLastMonth(int daysLater, CertificationStatus expected)
    {
        var completed = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var enrollment = new Enrollment(1, Set(null, SetMode.All, [Course("a")]), false, 365, completed.AddDays(-5), "ada", null, completed);

        var (expiresAt, status) = EnrollmentRules.Certification(enrollment.CompletedAt, enrollment.ValidityDays, completed.AddDays(daysLater));

        Assert.Equal((completed.AddDays(365), expected), (expiresAt, status));
        Assert.Equal((null, CertificationStatus.None), EnrollmentRules.Certification(enrollment.CompletedAt, null, completed));
    }
}
