using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoursePortal.Web.Api;

/// <summary>The body of POST /v1/tokens: the integration's name, its role (Learner, Contributor, Approver or Admin) and
/// an optional expiry.</summary>
public sealed record NewTokenJson(string? Name, string? Role, DateTimeOffset? ExpiresAt);

/// <summary>An API token as listed: never its secret or hash; <c>prefix</c> is its first characters, to recognize it.
/// <c>status</c> is <c>active</c>, <c>expired</c> or <c>revoked</c>.</summary>
public sealed record TokenJson(
    string Id, string Name, string Role, string Prefix, string Status, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    string? RevokedBy, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, string? LastUsedFrom);

/// <summary>The answer to POST /v1/tokens: the token's secret (<c>token</c>), shown this once, and what the list shows of it.</summary>
public sealed record CreatedTokenJson(string Id, string Token, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>API tokens for integrations (admins, signed in as themselves: a token cannot manage tokens, so a leaked one
/// cannot mint another that outlives its revocation).</summary>
public static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokenEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var tokens = v1.MapGroup("/tokens").RequireAuthorization(Policies.Admin).RequireAuthorization(Policies.Person);
        tokens.MapPost("", CreateToken);
        tokens.MapGet("", ListTokens);
        tokens.MapDelete("/{id}", RevokeToken);
        return v1;
    }

    /// <summary>Creates a token; the answer is the only place its secret ever appears, so it must not be cached.</summary>
    public static async Task<Created<CreatedTokenJson>> CreateToken(NewTokenJson body, ClaimsPrincipal user, HttpResponse response, ApiTokenService tokens)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(response);
        var created = await tokens.CreateAsync(body.Name, body.Role, body.ExpiresAt, user.UserId()!);
        response.Headers.CacheControl = "no-store";
        var t = created.Token;
        return TypedResults.Created($"/v1/tokens/{t.Id}", new CreatedTokenJson(t.Id, created.Secret, t.Name, t.Role.ToString(), t.Prefix, t.CreatedAt, t.ExpiresAt));
    }

    public static async Task<Ok<IReadOnlyList<TokenJson>>> ListTokens(ApiTokenService tokens, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return TypedResults.Ok<IReadOnlyList<TokenJson>>([.. (await tokens.ListAsync()).Select(t => ToJson(t, now))]);
    }

    /// <summary>Revokes the token for good; revoking it again answers it unchanged.</summary>
    public static async Task<Ok<TokenJson>> RevokeToken(string id, ClaimsPrincipal user, ApiTokenService tokens, TimeProvider clock) =>
        TypedResults.Ok(ToJson(await tokens.RevokeAsync(id, user.UserId()!), clock.GetUtcNow()));

    /// <summary>The status word of a token at <paramref name="now"/>.</summary>
    public static string StatusOf(ApiTokenInfo token, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.RevokedAt is not null ? "revoked" : token.IsExpired(now) ? "expired" : "active";
    }

    private static TokenJson ToJson(ApiTokenInfo t, DateTimeOffset now) =>
        new(t.Id, t.Name, t.Role.ToString(), t.Prefix, StatusOf(t, now), t.CreatedBy, t.CreatedAt, t.ExpiresAt, t.RevokedBy, t.RevokedAt, t.LastUsedAt, t.LastUsedFrom);
}
