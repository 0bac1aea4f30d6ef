using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>
/// The password and session methods as the previous release's web calls them on the user grain. During a rolling
/// upgrade (docs/operations.md §5) that web keeps running while the silos are replaced, so the new silos must still
/// answer it; each method hands over to <see cref="IUserCredentialsGrain"/>. Nothing in this release calls them:
/// delete this file in the release after next.
/// </summary>
public partial interface IUserGrain
{
    /// <summary>The stored password hash (see <see cref="IUserCredentialsGrain.GetPasswordHashAsync"/>).</summary>
    [Alias("get-password-hash")]
    [ReadOnly]
    Task<string?> GetPasswordHashAsync();

    /// <summary>Replaces the stored password hash (see <see cref="IUserCredentialsGrain.SetPasswordHashAsync"/>).</summary>
    [Alias("set-password-hash")]
    Task SetPasswordHashAsync(string passwordHash);

    /// <summary>Which sign-ins still count (see <see cref="IUserCredentialsGrain.GetSessionRulesAsync"/>).</summary>
    [Alias("get-session-rules")]
    [ReadOnly]
    Task<SessionRules> GetSessionRulesAsync();

    /// <summary>Signs out one session (see <see cref="IUserCredentialsGrain.EndSessionAsync"/>).</summary>
    [Alias("end-session")]
    Task EndSessionAsync(string sessionId, DateTimeOffset expiresAt);

    /// <summary>Signs out every session so far (see <see cref="IUserCredentialsGrain.EndAllSessionsAsync"/>).</summary>
    [Alias("end-all-sessions")]
    Task EndAllSessionsAsync();
}
