using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoursePortal.Web.Tests.Hosting;

/// <summary>A minimal OpenID Connect provider on a loopback port: discovery, an authorize endpoint that signs in
/// whoever <see cref="NextUser"/> says, a token endpoint that checks the code and PKCE verifier, user info and JWKS.
/// Enough for the portal's real OpenID Connect handler to run the whole code flow against it.</summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "courseportal";
    public const string ClientSecret = "test-secret";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly ConcurrentDictionary<string, (IReadOnlyDictionary<string, object> Claims, string Nonce, string Challenge)> _codes = new();

    private FakeIdentityProvider(WebApplication app, string authority)
    {
        _app = app;
        Authority = authority;
    }

    public string Authority { get; }

    /// <summary>The claims of the user the next authorize request signs in.</summary>
    public IReadOnlyDictionary<string, object> NextUser { get; set; } = new Dictionary<string, object>();

    public static async Task<FakeIdentityProvider> StartAsync()
    {
        var port = LocalModeFactory.FreePort();
        var authority = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(authority);
        var app = builder.Build();
        var provider = new FakeIdentityProvider(app, authority);
        provider.Map(app);
        await app.StartAsync();
        return provider;
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["authorization_endpoint"] = $"{Authority}/authorize",
            ["token_endpoint"] = $"{Authority}/token",
            ["userinfo_endpoint"] = $"{Authority}/userinfo",
            ["jwks_uri"] = $"{Authority}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(_key);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            if (q["client_id"] != ClientId || q["code_challenge_method"] != "S256")
            {
                return Results.BadRequest();
            }

            var code = Guid.NewGuid().ToString("N");
            _codes[code] = (NextUser, q["nonce"].ToString(), q["code_challenge"].ToString());
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={WebUtility.UrlEncode(q["state"])}");
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (!_codes.TryRemove(form["code"].ToString(), out var grant)
                || Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge)
            {
                return Results.BadRequest(new { error = "invalid_grant" });
            }

            var claims = new Dictionary<string, object>(grant.Claims) { ["nonce"] = grant.Nonce };
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Authority,
                Audience = ClientId,
                Claims = claims,
                Expires = DateTime.UtcNow.AddMinutes(5),
                SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { id_token = idToken, access_token = "access-" + grant.Claims["sub"], token_type = "Bearer", expires_in = 300 });
        });
        app.MapGet("/userinfo", (HttpRequest request) =>
        {
            var sub = request.Headers.Authorization.ToString().Replace("Bearer access-", "", StringComparison.Ordinal);
            return Results.Json(new { sub });
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
    }

    /// <summary>Claims for a user of the provider.</summary>
    public static Dictionary<string, object> User(string sub, string email, params string[] roles) => new()
    {
        ["sub"] = sub,
        ["email"] = email,
        ["given_name"] = "Ext",
        ["family_name"] = "User",
        ["roles"] = roles,
    };

    internal static ClaimsPrincipal Principal(IReadOnlyDictionary<string, object> claims) =>
        new(new ClaimsIdentity(claims.SelectMany(c => c.Value is string[] many ? many.Select(v => new Claim(c.Key, v)) : [new Claim(c.Key, c.Value.ToString()!)]), "test"));
}
