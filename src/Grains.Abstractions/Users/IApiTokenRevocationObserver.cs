using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>A web process that keeps what it found for API tokens, told when one is revoked so it forgets at once.</summary>
[Alias("courseportal.api-token-revocation-observer")]
public interface IApiTokenRevocationObserver : IGrainObserver
{
    /// <summary>A token was revoked: forget every token found so far. One-way: a web that is gone never holds up a revoke.</summary>
    [Alias("token-revoked")]
    [OneWay]
    Task TokenRevokedAsync();
}
