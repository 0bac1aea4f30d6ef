using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Grains.Tests.Users;

/// <summary>Deactivating an account in the user grain: the credentials stop every sign-in, the record stays, the act is
/// audited once, and the refusals change nothing. (The last active admin is refused in the web tests, on a portal of their
/// own: this cluster's admin registry is shared by every test.)</summary>
[Collection(ClusterCollection.Name)]
public sealed class UserDeactivationTests(ClusterFixture fixture)
{
    private readonly LearnerSetup _setup = new(fixture.Client);

    [Fact]
    public async Task DeactivatingEndsEverySessionRefusesNewOnesAndIsAuditedOnceHoweverOftenItIsAsked()
    {
        var userId = await _setup.UserAsync();
        var credentials = Credentials(userId);
        var before = await credentials.GetSessionRulesAsync();

        var first = await _setup.User(userId).DeactivateAsync("boss");
        var again = await _setup.User(userId).DeactivateAsync("boss");
        var rules = await credentials.GetSessionRulesAsync();

        Assert.True(first.Deactivated && again.Deactivated && (await _setup.User(userId).GetProfileAsync()).Deactivated);
        Assert.True(rules.Deactivated);
        Assert.False(rules.Allows(null, before.Generation));
        Assert.False(rules.Allows(null, rules.Generation));
        Assert.NotEqual(before.Generation, rules.Generation);

        // The reactivation's event follows any second deactivation's in the user's outbox: once it landed, none came.
        var reactivated = await _setup.User(userId).ReactivateAsync("boss");
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(Kinds(userId).Contains(LearningEventKinds.UserReactivated)), "the reactivation is audited");
        var after = await credentials.GetSessionRulesAsync();

        Assert.Equal([LearningEventKinds.UserDeactivated, LearningEventKinds.UserReactivated], Kinds(userId));
        Assert.All(fixture.Events.Events.Where(e => e.UserId == userId), e => Assert.Equal("boss", e.ActorId));
        Assert.False(reactivated.Deactivated);
        Assert.True(after.Allows(null, after.Generation));
        Assert.False(after.Allows(null, before.Generation));
    }

    [Fact]
    public async Task AnAdminCannotDeactivateThemselvesAndNothingChanges()
    {
        var adminId = await _setup.UserAsync(Role.Admin);
        var before = await Credentials(adminId).GetSessionRulesAsync();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => _setup.User(adminId).DeactivateAsync(adminId));

        Assert.Equal((DomainErrorKind.Conflict, ErrorCodes.SelfDeactivation), (refusal.Kind, refusal.Code));
        Assert.False((await _setup.User(adminId).GetProfileAsync()).Deactivated);
        Assert.Equal(before.Generation, (await Credentials(adminId).GetSessionRulesAsync()).Generation);
        Assert.False((await Credentials(adminId).GetSessionRulesAsync()).Deactivated);
    }

    [Fact]
    public async Task ADeactivatedUserIsAssignedNothingNewAndKeepsTheirRecord()
    {
        var userId = await _setup.UserAsync();
        var courseId = await _setup.CourseAsync();
        var kept = await _setup.PackageAsync(Set(null, SetMode.All, [Course(courseId)]));
        var other = await _setup.PackageAsync(Set(null, SetMode.All, [Course(await _setup.CourseAsync())]));
        await _setup.User(userId).EnrollInPackageAsync(kept, "boss", null);
        await _setup.CompleteCourseAsync(userId, courseId);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.Enrollment(userId, kept).GetAsync()).Status == EnrollmentStatus.Completed, "the package completes");
        await _setup.User(userId).DeactivateAsync("boss");

        var refusal = await Assert.ThrowsAsync<DomainException>(() => _setup.User(userId).EnrollInPackageAsync(other, "boss", null));
        var again = await Assert.ThrowsAsync<DomainException>(() => _setup.User(userId).EnrollInPackageAsync(kept, "boss", null));

        Assert.Equal((DomainErrorKind.Conflict, ErrorCodes.AccountDeactivated), (refusal.Kind, refusal.Code));
        Assert.Equal(ErrorCodes.AccountDeactivated, again.Code);
        Assert.Equal([kept], (await _setup.User(userId).GetPackageEnrollmentsAsync()).AsEnumerable());
        Assert.Contains(courseId, (await _setup.User(userId).GetCompletionsAsync()).Keys);
        Assert.Equal(EnrollmentStatus.Completed, (await _setup.Enrollment(userId, kept).GetAsync()).Status);
    }

    [Fact]
    public async Task ADeactivatedAccountCannotBeLinkedToACompanySignIn()
    {
        var userId = Guid.NewGuid().ToString("N");
        await _setup.User(userId).CreateAsync(new NewUser($"{userId}@example.com", "Com", "Pany", [Role.Learner]), "setup");
        await _setup.User(userId).DeactivateAsync("boss");

        var refusal = await Assert.ThrowsAsync<DomainException>(() => _setup.User(userId).LinkExternalLoginAsync("https://idp.example.com", "sub-1"));

        Assert.Equal((DomainErrorKind.Forbidden, ErrorCodes.AccountDeactivated), (refusal.Kind, refusal.Code));
        Assert.Null((await _setup.User(userId).GetProfileAsync()).ExternalSubject);
    }

    [Fact]
    public async Task AnUnknownUserIsNotFound()
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() => _setup.User(Guid.NewGuid().ToString("N")).DeactivateAsync("boss"));

        Assert.Equal(DomainErrorKind.NotFound, refusal.Kind);
    }

    private List<string> Kinds(string userId) =>
        [.. fixture.Events.Events.Where(e => e.UserId == userId && e.Kind is LearningEventKinds.UserDeactivated or LearningEventKinds.UserReactivated)
            .OrderBy(e => e.OccurredAt).Select(e => e.Kind)];

    private IUserCredentialsGrain Credentials(string userId) => fixture.Client.GetGrain<IUserCredentialsGrain>(GrainKeys.UserCredentials(userId));
}
