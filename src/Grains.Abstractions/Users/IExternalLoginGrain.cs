using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>One user of an identity provider, named by the provider's issuer and its subject for them, and the portal
/// account they sign in as. The pair, not the e-mail address, is what identifies them: addresses change hands, and two
/// providers may use the same subject for different people. Key: <c>GrainKeys.ExternalLogin(issuer, subject)</c>.</summary>
[Alias("courseportal.external-login")]
public interface IExternalLoginGrain : IGrainWithStringKey
{
    /// <summary>Makes <paramref name="userId"/> the account of this provider user; returns the account, which is another
    /// one when the provider user already had one.</summary>
    [Alias("claim")]
    Task<string> ClaimAsync(string userId);

    /// <summary>The account of this provider user, or null.</summary>
    [Alias("get-owner")]
    [ReadOnly]
    Task<string?> GetOwnerAsync();
}
