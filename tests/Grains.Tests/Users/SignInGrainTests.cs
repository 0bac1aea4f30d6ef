using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Tests.Users;

/// <summary>The grains behind sign-in: the lock per (e-mail address, client address), and the link between an identity
/// provider's user and an account.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SignInGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task FailuresFromOneAddressLockThatAddressOnly()
    {
        var email = $"target-{Guid.NewGuid():N}@example.com";
        var attacker = fixture.Client.GetGrain<ISignInGuardGrain>(GrainKeys.SignInGuard(email, "203.0.113.9"));
        var owner = fixture.Client.GetGrain<ISignInGuardGrain>(GrainKeys.SignInGuard(email, "192.0.2.1"));

        var locks = new List<SignInLock>();
        for (var i = 0; i < 5; i++)
        {
            locks.Add(await attacker.RecordAttemptAsync(succeeded: false, maxFailures: 5, Lockout));
        }

        Assert.All(locks.Take(4), l => Assert.Null(l.LockedUntil));
        Assert.NotNull(locks[4].LockedUntil);
        Assert.NotNull((await attacker.GetLockAsync()).LockedUntil);
        Assert.Null((await owner.GetLockAsync()).LockedUntil);
        Assert.Null((await owner.RecordAttemptAsync(succeeded: true, 5, Lockout)).LockedUntil);
    }

    [Fact]
    public async Task ASuccessClearsTheFailuresBeforeIt()
    {
        var guard = fixture.Client.GetGrain<ISignInGuardGrain>(GrainKeys.SignInGuard($"typo-{Guid.NewGuid():N}@example.com", "192.0.2.2"));

        for (var i = 0; i < 4; i++)
        {
            await guard.RecordAttemptAsync(succeeded: false, 5, Lockout);
        }

        await guard.RecordAttemptAsync(succeeded: true, 5, Lockout);

        Assert.Null((await guard.RecordAttemptAsync(succeeded: false, 5, Lockout)).LockedUntil);
    }

    [Fact]
    public async Task AnAccountWithAPasswordIsNeverLinkedToAProviderUser()
    {
        var user = await NewUserAsync(passwordHash: "AQAAAAIAAYagAAAAE-not-a-real-hash");

        var refusal = await Assert.ThrowsAsync<DomainException>(() => user.LinkExternalLoginAsync("https://idp.example", "sub-1"));

        Assert.Equal((DomainErrorKind.Conflict, "external_link_refused"), (refusal.Kind, refusal.Code));
        Assert.Null((await user.GetProfileAsync()).ExternalSubject);
    }

    [Fact]
    public async Task AnAccountBelongsToOneProviderUser()
    {
        var user = await NewUserAsync(passwordHash: null);

        var linked = await user.LinkExternalLoginAsync("https://idp.example", "sub-1");
        var again = await user.LinkExternalLoginAsync("https://idp.example", "sub-1");
        var otherSubject = await Assert.ThrowsAsync<DomainException>(() => user.LinkExternalLoginAsync("https://idp.example", "sub-2"));
        var otherIssuer = await Assert.ThrowsAsync<DomainException>(() => user.LinkExternalLoginAsync("https://other.example", "sub-1"));

        Assert.Equal(("https://idp.example", "sub-1"), (linked.ExternalIssuer, linked.ExternalSubject));
        Assert.Equal(Json(linked), Json(again));
        Assert.Equal("external_link_refused", otherSubject.Code);
        Assert.Equal("external_link_refused", otherIssuer.Code);
        Assert.Equal(Json(linked), Json(await user.GetProfileAsync()));
    }

    [Fact]
    public async Task AProviderUserKeepsTheFirstAccountClaimedAndIssuersDoNotShareSubjects()
    {
        var subject = $"sub-{Guid.NewGuid():N}";
        var login = fixture.Client.GetGrain<IExternalLoginGrain>(GrainKeys.ExternalLogin("https://idp.example", subject));
        var otherIssuer = fixture.Client.GetGrain<IExternalLoginGrain>(GrainKeys.ExternalLogin("https://idp.example/2", subject));

        Assert.Equal("first", await login.ClaimAsync("first"));
        Assert.Equal("first", await login.ClaimAsync("second"));
        Assert.Null(await otherIssuer.GetOwnerAsync());
        Assert.NotEqual(GrainKeys.ExternalLogin("https://a.example", "b|c"), GrainKeys.ExternalLogin("https://a.example|b", "c"));
    }

    // Records with arrays compare the arrays by reference; their JSON compares what they say.
    private static string Json(UserProfile profile) => System.Text.Json.JsonSerializer.Serialize(profile);

    private async Task<IUserGrain> NewUserAsync(string? passwordHash)
    {
        var user = fixture.Client.GetGrain<IUserGrain>(GrainKeys.User(Guid.NewGuid().ToString("N")));
        await user.CreateAsync(new NewUser($"link-{Guid.NewGuid():N}@example.com", "Lin", "Ked", [Role.Learner], passwordHash), "admin");
        return user;
    }
}
