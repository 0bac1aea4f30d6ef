using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Users;

namespace CoursePortal.Grains.Tests.Users;

/// <summary>Credentials apart from the user's record: created with the account, ended by a change of roles, refused for
/// no account; and what a record stored before the split hands over once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UserCredentialsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AnAccountsPasswordHashIsInItsCredentialsAndAChangeOfRolesEndsItsSessions()
    {
        var userId = Guid.NewGuid().ToString("N");
        var user = fixture.Client.GetGrain<IUserGrain>(GrainKeys.User(userId));
        var credentials = fixture.Client.GetGrain<IUserCredentialsGrain>(GrainKeys.UserCredentials(userId));
        await user.CreateAsync(new NewUser($"{userId}@example.com", "Cred", "Entials", [Role.Learner], "hash-1"), "admin");
        await credentials.EndSessionAsync("signed-out", DateTimeOffset.UtcNow.AddHours(1));
        var before = await credentials.GetSessionRulesAsync();

        await user.SetRolesAsync([Role.Learner, Role.Contributor], "admin");
        await user.SetRolesAsync([Role.Learner, Role.Contributor], "admin");
        var after = await credentials.GetSessionRulesAsync();

        Assert.Equal("hash-1", await credentials.GetPasswordHashAsync());
        Assert.Equal((0, "signed-out"), (before.Generation, Assert.Single(before.EndedSessions)));
        Assert.Equal(1, after.Generation);
        Assert.False(after.Allows("any", before.Generation));
        Assert.Null((await user.GetCarriedCredentialsAsync())!.PasswordHash);
    }

    [Fact]
    public async Task WithoutAnAccountNoSessionCountsAgainstItAndNothingCanBeChanged()
    {
        var credentials = fixture.Client.GetGrain<IUserCredentialsGrain>(GrainKeys.UserCredentials(Guid.NewGuid().ToString("N")));

        var rules = await credentials.GetSessionRulesAsync();
        var refusals = new[]
        {
            await Assert.ThrowsAsync<DomainException>(() => credentials.SetPasswordHashAsync("hash")),
            await Assert.ThrowsAsync<DomainException>(() => credentials.EndSessionAsync("s", DateTimeOffset.UtcNow.AddHours(1))),
            await Assert.ThrowsAsync<DomainException>(credentials.EndAllSessionsAsync),
        };

        Assert.Equal((0, 0), (rules.Generation, rules.EndedSessions.Length));
        Assert.Null(await credentials.GetPasswordHashAsync());
        Assert.All(refusals, r => Assert.Equal(DomainErrorKind.NotFound, r.Kind));
    }

    [Fact]
    public void ARecordStoredBeforeTheSplitHandsItsCredentialsOverOnceAndForgetsThem()
    {
        var record = new UserState
        {
            Profile = UserProfiles.New("u1", new NewUser("u1@example.com", "Old", "Record", []), "u1@example.com", DateTimeOffset.UnixEpoch),
            PasswordHash = "old-hash",
            SessionGeneration = 3,
            EndedSessions = new(StringComparer.Ordinal) { ["s1"] = DateTimeOffset.UnixEpoch.AddDays(1) },
        };

        var carried = record.CarriedCredentials()!;
        var forgot = record.ForgetCarriedCredentials();
        var again = record.ForgetCarriedCredentials();

        Assert.Equal(("old-hash", 3, "s1"), (carried.PasswordHash, carried.SessionGeneration, Assert.Single(carried.EndedSessions).Key));
        Assert.Equal((true, false), (forgot, again));
        Assert.Equal((null, 0, true), (record.PasswordHash, record.SessionGeneration, record.EndedSessions is null));
        Assert.Null(new UserState().CarriedCredentials());
    }

    [Fact]
    public async Task ThePreviousReleasesWebStillSignsInThroughTheUserGrainDuringARollingUpgrade()
    {
        var userId = Guid.NewGuid().ToString("N");
        var user = fixture.Client.GetGrain<IUserGrain>(GrainKeys.User(userId));
        var credentials = fixture.Client.GetGrain<IUserCredentialsGrain>(GrainKeys.UserCredentials(userId));
        await user.CreateAsync(new NewUser($"{userId}@example.com", "Old", "Web", [Role.Learner], "hash-1"), "admin");

        var hashSeenByOldWeb = await user.GetPasswordHashAsync();
        await user.SetPasswordHashAsync("hash-2");
        await user.EndSessionAsync("signed-out", DateTimeOffset.UtcNow.AddHours(1));
        var afterSignOut = await user.GetSessionRulesAsync();
        await user.EndAllSessionsAsync();

        Assert.Equal("hash-1", hashSeenByOldWeb);
        Assert.Equal("hash-2", await credentials.GetPasswordHashAsync());
        Assert.False(afterSignOut.Allows("signed-out", afterSignOut.Generation));
        Assert.True(afterSignOut.Allows("other", afterSignOut.Generation));
        Assert.Equal(afterSignOut.Generation + 1, (await credentials.GetSessionRulesAsync()).Generation);
    }
}
