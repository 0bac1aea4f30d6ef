using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class UserGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ASecondAccountWithTheSameEmailInAnyCaseIsRejected()
    {
        var email = $"ada-{Guid.NewGuid():N}@Example.com";
        var first = fixture.Client.GetGrain<IUserGrain>(GrainKeys.User(Guid.NewGuid().ToString("N")));
        var second = fixture.Client.GetGrain<IUserGrain>(GrainKeys.User(Guid.NewGuid().ToString("N")));

        var profile = await first.CreateAsync(new NewUser(email, "Ada", "Lovelace", [Role.Learner]), "admin");
        var refusal = await Assert.ThrowsAsync<DomainException>(() => second.CreateAsync(new NewUser(" " + email.ToUpperInvariant(), "Eve", "Copy", []), "admin"));

        Assert.Equal((email.ToLowerInvariant(), "Ada Lovelace"), (profile.Email, profile.DisplayName));
        Assert.Equal((DomainErrorKind.Conflict, "email_taken", "email"), (refusal.Kind, refusal.Code, refusal.Field));
        Assert.Equal(DomainErrorKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => second.GetProfileAsync())).Kind);
    }

    [Fact]
    public async Task AnInvalidAccountIsRejectedWithItsFields()
    {
        var user = fixture.Client.GetGrain<IUserGrain>(GrainKeys.User(Guid.NewGuid().ToString("N")));

        var refusal = await Assert.ThrowsAsync<DomainException>(() => user.CreateAsync(new NewUser("not-an-email", "", "X", []), "admin"));

        Assert.Equal(["email", "firstName"], refusal.Errors.Select(e => e.Field));
    }

    [Fact]
    public async Task TheAdminRegistryFollowsTheAdminRole()
    {
        var setup = new LearnerSetup(fixture.Client);
        var registry = fixture.Client.GetGrain<IAdminRegistryGrain>(GrainKeys.AdminRegistry);
        var userId = await setup.UserAsync(Role.Admin);
        // Another admin, so this one is not the last (whose demotion is refused: LastAdminTests).
        await setup.UserAsync(Role.Admin);

        Assert.True(await registry.AnyAsync());
        await setup.User(userId).SetRolesAsync([Role.Learner], "boss");
        Assert.False((await setup.User(userId).GetProfileAsync()).Has(Role.Admin));
    }

    [Fact]
    public async Task RoleChangesAreAudited()
    {
        var setup = new LearnerSetup(fixture.Client);
        var userId = await setup.UserAsync(Role.Learner);

        var profile = await setup.User(userId).SetRolesAsync([Role.Approver, Role.Contributor], "boss");

        Assert.Equal([Role.Contributor, Role.Approver], profile.Roles.AsEnumerable());
        Assert.True(profile.Has(Role.Contributor) && !profile.Has(Role.Admin));
        await LearnerSetup.EventuallyAsync(
            () => Task.FromResult(fixture.Events.Events.Any(e => e.Kind == LearningEventKinds.RoleChanged && e.UserId == userId && e.ActorId == "boss")),
            "the role change reaches the audit trail");
    }
}
