using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Services;

/// <summary>A token just created: the only time its secret exists outside the integration that receives it.</summary>
public sealed record CreatedApiToken(ApiTokenInfo Token, string Secret);

/// <summary>An admin's API tokens for integrations: create (the secret answered once), list, revoke. The /Admin/Tokens
/// page and /v1/tokens share it.</summary>
public sealed class ApiTokenService(IGrainFactory grains, ApiTokenCache cache, TimeProvider clock)
{
    /// <summary>Creates a token with the role and optional expiry; every field at fault is refused before a secret is made.</summary>
    public async Task<CreatedApiToken> CreateAsync(string? name, string? role, DateTimeOffset? expiresAt, string actor)
    {
        var errors = ApiTokenRules.Errors(name, expiresAt, clock.GetUtcNow()).ToList();
        var parsed = ParseRole(role);
        if (parsed is null)
        {
            errors.Add(new FieldError(ErrorCodes.InvalidRole, "role", $"'{role}' is not a role: Learner, Contributor, Approver or Admin."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }

        var (secret, hash, prefix) = ApiTokenSecrets.New();
        var token = await Registry.CreateAsync(new NewApiToken(name!.Trim(), parsed!.Value, expiresAt, hash, prefix), actor);
        return new CreatedApiToken(token, secret);
    }

    /// <summary>Every token, newest first, without secrets.</summary>
    public Task<ImmutableArray<ApiTokenInfo>> ListAsync() => Registry.ListAsync();

    /// <summary>Revokes the token: this web refuses it from its very next request on (see <see cref="ApiTokenCache"/>).</summary>
    public async Task<ApiTokenInfo> RevokeAsync(string? tokenId, string actor)
    {
        var revoked = await Registry.RevokeAsync(Ids.Existing("API token", tokenId), actor);
        cache.Forget();
        return revoked;
    }

    private static Role? ParseRole(string? role) =>
        Enum.TryParse<Role>(role, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(role, out _) ? parsed : null;

    private IApiTokenRegistryGrain Registry => grains.Reference<IApiTokenRegistryGrain>(GrainKeys.ApiTokens);
}
