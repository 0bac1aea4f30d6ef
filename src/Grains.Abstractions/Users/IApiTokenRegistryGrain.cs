using System.Collections.Immutable;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>Every API token of the portal, by id and by the hash of its secret; the secret itself is never stored. Key:
/// <c>GrainKeys.ApiTokens</c>.</summary>
[Alias("courseportal.api-token-registry")]
public interface IApiTokenRegistryGrain : IGrainWithStringKey
{
    /// <summary>Stores a new token (audited as <c>api_token_created</c>); 400 for a bad name or a past expiry, 400
    /// <c>too_many</c> past <see cref="ApiTokenRules.MaxLiveTokens"/> live tokens.</summary>
    [Alias("create")]
    Task<ApiTokenInfo> CreateAsync(NewApiToken token, string actor);

    /// <summary>Every token, the newest first, without secrets or hashes.</summary>
    [Alias("list")]
    [ReadOnly]
    Task<ImmutableArray<ApiTokenInfo>> ListAsync();

    /// <summary>Revokes the token for good (audited as <c>api_token_revoked</c>); 404 for an unknown id. Revoking a revoked
    /// token changes nothing and answers it as it is.</summary>
    [Alias("revoke")]
    Task<ApiTokenInfo> RevokeAsync(string tokenId, string actor);

    /// <summary>The token whose secret has this hash, null when none has; a live token's use is recorded (time and address,
    /// to the minute), and its first use from an address is audited as <c>api_token_used_from_new_address</c>.</summary>
    [Alias("use")]
    Task<ApiTokenInfo?> UseAsync(string hash, string address);

    /// <summary>Tells <paramref name="observer"/> of every revoke for a few minutes; a web renews this well before then.</summary>
    [Alias("subscribe-to-revocations")]
    Task SubscribeToRevocationsAsync(IApiTokenRevocationObserver observer);
}
