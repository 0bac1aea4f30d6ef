using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

[GenerateSerializer]
[Alias("courseportal.user-credentials-state")]
public sealed class UserCredentialsState
{
    /// <summary>Whether the account exists: set when it is created, or when its credentials are carried over.</summary>
    [Id(0)]
    public bool AccountExists { get; set; }

    [Id(1)]
    public string? PasswordHash { get; set; }

    /// <summary>Sign-ins of an older generation no longer count (the password or the roles changed).</summary>
    [Id(2)]
    public int SessionGeneration { get; set; }

    /// <summary>Signed-out sessions until their cookies would have expired; null (not an empty list) for most users.</summary>
    [Id(3)]
    public Dictionary<string, DateTimeOffset>? EndedSessions { get; set; }

    /// <summary>An admin deactivated the account: no session counts and none may be made.</summary>
    [Id(4)]
    public bool Deactivated { get; set; }
}

/// <summary>The password hash and sessions of one user. Accounts made before these had a grain of their own kept them in
/// the user's record: the first activation here takes them over (see <see cref="CarryOverAsync"/>).</summary>
public sealed class UserCredentialsGrain(
    [PersistentState(StorageNames.UserCredentialsState, StorageNames.Grains)] IPersistentState<UserCredentialsState> state,
    TimeProvider clock) : Grain, IUserCredentialsGrain
{
    private string UserId => GrainKeys.Strip(this.GetPrimaryKeyString(), GrainKeys.UserCredentialsPrefix);

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        state.State.AccountExists ? Task.CompletedTask : CarryOverAsync();

    public async Task CreateAsync(string? passwordHash)
    {
        state.State.AccountExists = true;
        state.State.PasswordHash = passwordHash;
        await state.WriteOrResetAsync(this);
    }

    public Task<string?> GetPasswordHashAsync() => Task.FromResult(state.State.PasswordHash);

    public async Task SetPasswordHashAsync(string passwordHash)
    {
        RequireAccount();
        state.State.PasswordHash = passwordHash;
        await state.WriteOrResetAsync(this);
    }

    public Task<SessionRules> GetSessionRulesAsync() => Task.FromResult(new SessionRules(
        state.State.SessionGeneration, state.State.EndedSessions is { } ended ? [.. ended.Keys] : [], state.State.Deactivated));

    public async Task EndSessionAsync(string sessionId, DateTimeOffset expiresAt)
    {
        RequireAccount();
        var now = clock.GetUtcNow();
        var ended = state.State.EndedSessions ??= new(StringComparer.Ordinal);
        // Sessions past their expiry need no record: their cookies are refused anyway.
        foreach (var expired in ended.Where(e => e.Value <= now).Select(e => e.Key).ToList())
        {
            ended.Remove(expired);
        }

        ended[sessionId] = expiresAt;
        await state.WriteOrResetAsync(this);
    }

    public async Task EndAllSessionsAsync()
    {
        RequireAccount();
        state.State.SessionGeneration++;
        state.State.EndedSessions = null;
        await state.WriteOrResetAsync(this);
    }

    public async Task SetDeactivatedAsync(bool deactivated)
    {
        RequireAccount();
        if (deactivated)
        {
            // A new generation as well, so the sessions stay ended after a reactivation.
            state.State.SessionGeneration++;
            state.State.EndedSessions = null;
        }

        state.State.Deactivated = deactivated;
        await state.WriteOrResetAsync(this);
    }

    // Stored first, forgotten by the user's record after: a failure in between leaves a copy there that nothing reads
    // again, never an account without its password. The user grain may be waiting on this one (a change of roles), so
    // asking it interleaves and telling it to forget is one way.
    private async Task CarryOverAsync()
    {
        var user = GrainFactory.GetGrain<IUserGrain>(GrainKeys.User(UserId));
        if (await user.GetCarriedCredentialsAsync() is not { } carried)
        {
            return;
        }

        state.State.AccountExists = true;
        state.State.PasswordHash = carried.PasswordHash;
        state.State.SessionGeneration = carried.SessionGeneration;
        state.State.EndedSessions = carried.EndedSessions.IsEmpty ? null : new(carried.EndedSessions, StringComparer.Ordinal);
        await state.WriteOrResetAsync(this);
        await user.ForgetCarriedCredentialsAsync();
    }

    private void RequireAccount()
    {
        if (!state.State.AccountExists)
        {
            throw DomainException.NotFound("User", UserId);
        }
    }
}
