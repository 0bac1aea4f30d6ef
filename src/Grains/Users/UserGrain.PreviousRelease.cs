using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

/// <summary>The previous release's web, still running during a rolling upgrade, signs in through the user grain;
/// the credentials grain answers it (see IUserGrain.PreviousRelease.cs).</summary>
public sealed partial class UserGrain
{
    public Task<string?> GetPasswordHashAsync() => Credentials.GetPasswordHashAsync();

    public Task SetPasswordHashAsync(string passwordHash) => Credentials.SetPasswordHashAsync(passwordHash);

    public Task<SessionRules> GetSessionRulesAsync() => Credentials.GetSessionRulesAsync();

    public Task EndSessionAsync(string sessionId, DateTimeOffset expiresAt) => Credentials.EndSessionAsync(sessionId, expiresAt);

    public Task EndAllSessionsAsync() => Credentials.EndAllSessionsAsync();
}
