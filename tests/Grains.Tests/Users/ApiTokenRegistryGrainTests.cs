using System.Security.Cryptography;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Tests.Users;

/// <summary>The token registry on a scripted clock: how a use is recorded and audited, what a revoked or expired token
/// answers, when ended tokens leave the list, and the limits on creating one. Each test has a registry of its own.</summary>
[Collection(ScriptedClockCollection.Name)]
public sealed class ApiTokenRegistryGrainTests(ScriptedClockClusterFixture fixture)
{
    [Fact]
    public async Task AUseIsWrittenOncePerMinuteAndANewAddressAtOnceAndAudited()
    {
        var registry = Registry();
        var hash = NewHash();
        var token = await registry.CreateAsync(new NewApiToken("HR sync", Role.Admin, null, hash, "cpt_abcdef"), "admin");
        var start = fixture.Clock.Now;

        var first = await registry.UseAsync(hash, "10.0.0.1");
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        var soon = await registry.UseAsync(hash, "10.0.0.1");
        fixture.Clock.Advance(TimeSpan.FromSeconds(31));
        var later = await registry.UseAsync(hash, "10.0.0.1");
        var elsewhere = await registry.UseAsync(hash, "10.0.0.2");

        Assert.Equal((start, "10.0.0.1"), (first!.LastUsedAt, first.LastUsedFrom));
        Assert.Equal(start, soon!.LastUsedAt);
        Assert.Equal(start + TimeSpan.FromSeconds(61), later!.LastUsedAt);
        Assert.Equal("10.0.0.2", elsewhere!.LastUsedFrom);
        Assert.Equal(elsewhere, (await registry.ListAsync()).Single());
        var events = await EventsAsync(token.Id, 3);
        Assert.Equal([LearningEventKinds.ApiTokenCreated, LearningEventKinds.ApiTokenUsedFromNewAddress, LearningEventKinds.ApiTokenUsedFromNewAddress],
            events.Select(e => e.Kind));
        Assert.Equal(["admin", $"token:{token.Id}", $"token:{token.Id}"], events.Select(e => e.ActorId));
    }

    [Fact]
    public async Task ARevokedOrExpiredTokenIsAnsweredButNotUsedAndLeavesTheListLongAfter()
    {
        var registry = Registry();
        var (expiring, revoked) = (NewHash(), NewHash());
        await registry.CreateAsync(new NewApiToken("Expiring", Role.Learner, fixture.Clock.Now.AddHours(1), expiring, "cpt_expire"), "admin");
        var toRevoke = await registry.CreateAsync(new NewApiToken("Revoked", Role.Learner, null, revoked, "cpt_revoke"), "admin");

        var revocation = await registry.RevokeAsync(toRevoke.Id, "admin");
        var again = await registry.RevokeAsync(toRevoke.Id, "someone-else");
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var expiredUse = await registry.UseAsync(expiring, "10.0.0.1");
        var revokedUse = await registry.UseAsync(revoked, "10.0.0.1");
        var unknown = await registry.UseAsync(NewHash(), "10.0.0.1");

        Assert.True(expiredUse!.IsExpired(fixture.Clock.Now));
        Assert.Null(expiredUse.LastUsedAt);
        Assert.Equal(revocation, revokedUse);
        Assert.Equal(("admin", revocation.RevokedAt), (again.RevokedBy, again.RevokedAt));
        Assert.Null(revokedUse!.LastUsedAt);
        Assert.Null(unknown);
        Assert.Equal(DomainErrorKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => registry.RevokeAsync("nosuchtoken", "admin"))).Kind);

        // Ended tokens stay listed for 90 days, then the next change drops them (their events stay in the audit trail).
        fixture.Clock.Advance(TimeSpan.FromDays(91));
        var fresh = await registry.CreateAsync(new NewApiToken("Fresh", Role.Learner, null, NewHash(), "cpt_fresh1"), "admin");

        Assert.Equal([fresh.Id], (await registry.ListAsync()).Select(t => t.Id));
        Assert.Null(await registry.UseAsync(revoked, "10.0.0.1"));
    }

    [Fact]
    public async Task BadTokensAReusedHashAndOneTokenPastTheLiveLimitAreRefusedAndChangeNothing()
    {
        var registry = Registry();
        var reused = NewHash();
        var first = await registry.CreateAsync(new NewApiToken("First", Role.Learner, null, reused, "cpt_first1"), "admin");

        var copy = await Assert.ThrowsAsync<DomainException>(() => registry.CreateAsync(new NewApiToken("Copy", Role.Admin, null, reused, "cpt_first1"), "admin"));
        var past = await Assert.ThrowsAsync<DomainException>(() => registry.CreateAsync(new NewApiToken("Past", Role.Admin, fixture.Clock.Now, NewHash(), "cpt_past11"), "admin"));
        var unnamed = await Assert.ThrowsAsync<DomainException>(() => registry.CreateAsync(new NewApiToken(" ", Role.Admin, null, NewHash(), "cpt_none11"), "admin"));
        for (var i = 1; i < ApiTokenRules.MaxLiveTokens; i++)
        {
            await registry.CreateAsync(new NewApiToken($"Token {i}", Role.Learner, null, NewHash(), "cpt_many11"), "admin");
        }

        var tooMany = await Assert.ThrowsAsync<DomainException>(() => registry.CreateAsync(new NewApiToken("One more", Role.Admin, null, NewHash(), "cpt_more11"), "admin"));
        var listed = await registry.ListAsync();
        await registry.RevokeAsync(first.Id, "admin");
        var afterRevoke = await registry.CreateAsync(new NewApiToken("In its place", Role.Learner, null, NewHash(), "cpt_place1"), "admin");

        Assert.Equal(ErrorCodes.Invalid, copy.Code);
        Assert.Equal((ErrorCodes.InvalidExpiry, "expiresAt"), (past.Code, past.Field));
        Assert.Equal((ErrorCodes.Required, "name"), (unnamed.Code, unnamed.Field));
        Assert.Equal(ErrorCodes.TooMany, tooMany.Code);
        Assert.Equal(ApiTokenRules.MaxLiveTokens, listed.Length);
        Assert.DoesNotContain(listed, t => t.Name is "Copy" or "Past" or "One more");
        Assert.Equal(first.Id, (await registry.UseAsync(reused, "10.0.0.1"))!.Id);
        Assert.Equal("In its place", afterRevoke.Name);
    }

    private IApiTokenRegistryGrain Registry() => fixture.Client.GetGrain<IApiTokenRegistryGrain>($"{GrainKeys.ApiTokens}-{Guid.NewGuid():N}");

    private static string NewHash() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    // In memory, a grain's events reach the log just after it answered.
    private async Task<List<LearningEvent>> EventsAsync(string tokenId, int expected)
    {
        for (var attempt = 0; ; attempt++)
        {
            var found = fixture.Events.Events.Where(e => e.Details.Contains($"\"tokenId\":\"{tokenId}\"", StringComparison.Ordinal)).OrderBy(e => e.OccurredAt).ToList();
            if (found.Count >= expected || attempt == 50)
            {
                Assert.Equal(expected, found.Count);
                return found;
            }

            await Task.Delay(50);
        }
    }
}
