using System.Collections.Immutable;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>How one user signs in: the password hash and which sign-ins still count. Apart from the user's record
/// (<see cref="IUserGrain"/>), so that signing in, signing out or changing the password never rewrites the learner's
/// completions and enrollments. Key: <c>GrainKeys.UserCredentials(userId)</c>.</summary>
[Alias("courseportal.user-credentials")]
public interface IUserCredentialsGrain : IGrainWithStringKey
{
    /// <summary>Stores the credentials of a new account (called by the user grain as it creates the account;
    /// <paramref name="passwordHash"/> is null for accounts that sign in elsewhere).</summary>
    [Alias("create")]
    Task CreateAsync(string? passwordHash);

    /// <summary>The stored password hash (null for accounts that sign in elsewhere, and for no account).</summary>
    [Alias("get-password-hash")]
    [ReadOnly]
    Task<string?> GetPasswordHashAsync();

    /// <summary>Replaces the stored password hash; 404 when there is no such account.</summary>
    [Alias("set-password-hash")]
    Task SetPasswordHashAsync(string passwordHash);

    /// <summary>Which sign-ins still count (see <see cref="SessionRules"/>).</summary>
    [Alias("get-session-rules")]
    [ReadOnly]
    Task<SessionRules> GetSessionRulesAsync();

    /// <summary>Signs out one session: its cookie no longer counts, even if replayed, until <paramref name="expiresAt"/>
    /// when it would have expired anyway.</summary>
    [Alias("end-session")]
    Task EndSessionAsync(string sessionId, DateTimeOffset expiresAt);

    /// <summary>Signs out every session so far (a password change, or a change of roles, which travel in the cookie).</summary>
    [Alias("end-all-sessions")]
    Task EndAllSessionsAsync();

    /// <summary>Deactivates the account (every session so far ends and no new one may be made) or lets it sign in again.</summary>
    [Alias("set-deactivated")]
    Task SetDeactivatedAsync(bool deactivated);
}

/// <summary>The password hash and sessions an account's user record kept before they had a grain of their own, handed
/// over once to <see cref="IUserCredentialsGrain"/>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.carried-credentials")]
public sealed record CarriedCredentials(
    [property: Id(0)] string? PasswordHash,
    [property: Id(1)] int SessionGeneration,
    [property: Id(2)] ImmutableDictionary<string, DateTimeOffset> EndedSessions);
