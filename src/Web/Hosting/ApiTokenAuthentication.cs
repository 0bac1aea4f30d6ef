using System.Text.Encodings.Web;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Api;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace CoursePortal.Web.Hosting;

/// <summary>
/// <c>Authorization: Bearer</c> with an API token, beside the sign-in cookie. The default scheme picks one per request:
/// a /v1 request that carries a bearer token is judged by the token alone (a cookie beside it is ignored), everything
/// else by the cookie. So a token never opens a page (a page sees an anonymous visitor), and a bearer request can skip
/// the cross-site check, which guards what a browser adds by itself: a browser never attaches this header to a
/// cross-site request without a CORS preflight, and the portal grants none.
/// </summary>
public static class ApiTokenAuthentication
{
    public const string Scheme = "Bearer";

    /// <summary>The default scheme: a selector between <see cref="Scheme"/> and the cookie.</summary>
    public const string CookieOrBearer = "CookieOrBearer";

    private const string BearerPrefix = "Bearer ";

    /// <summary>Adds the bearer scheme and the selector (to be named the default scheme).</summary>
    public static AuthenticationBuilder AddApiTokens(this AuthenticationBuilder authentication)
    {
        ArgumentNullException.ThrowIfNull(authentication);
        authentication.Services.AddSingleton<ApiTokenCache>();
        authentication.Services.AddHostedService<ApiTokenRevocationListener>();
        return authentication
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(Scheme, null)
            .AddPolicyScheme(CookieOrBearer, null, o => o.ForwardDefaultSelector = context =>
                IsBearerRequest(context.Request) ? Scheme : CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Whether a /v1 request carries a bearer token, and so is judged by it alone.</summary>
    public static bool IsBearerRequest(HttpRequest request) => ApiProblems.IsApi(request) && BearerToken(request) is not null;

    /// <summary>The text after <c>Bearer </c> in the Authorization header; null when there is none.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[BearerPrefix.Length..].Trim() : null;
    }
}

/// <summary>Authenticates a request by its API token (<see cref="ApiTokenAuthentication"/>). A refused token is 401 with a
/// code saying why (<c>invalid_token</c>, <c>token_revoked</c>, <c>token_expired</c>); a role that does not allow the
/// operation is 403 <c>forbidden</c>.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenCache tokens, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private (string Code, string Message)? _refusal;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ApiTokenAuthentication.BearerToken(Request) is not { } text)
        {
            return AuthenticateResult.NoResult();
        }

        var token = ApiTokenSecrets.IsWellFormed(text)
            ? await tokens.FindAsync(ApiTokenSecrets.Hash(text), AccountService.ClientAddress(Context))
            : null;
        return token switch
        {
            null => Refuse(ErrorCodes.InvalidToken, "The bearer token is not one this portal issued."),
            { RevokedAt: not null } => Refuse(ErrorCodes.TokenRevoked, "The bearer token was revoked; ask an admin for a new one."),
            _ when token.IsExpired(clock.GetUtcNow()) => Refuse(ErrorCodes.TokenExpired, "The bearer token has expired; ask an admin for a new one."),
            _ => AuthenticateResult.Success(new AuthenticationTicket(Policies.TokenPrincipal(token, Scheme.Name), Scheme.Name)),
        };
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        await HandleAuthenticateOnceSafeAsync();
        var (code, message) = _refusal ?? (ErrorCodes.Unauthorized, "Send an API token as Authorization: Bearer.");
        // RFC 6750: the scheme, and why the token was refused.
        Response.Headers.WWWAuthenticate = _refusal is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, code, message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
            "The token's role does not allow this. A token acts for an integration: it has no profile, progress, enrollments or team of its own, and cannot manage tokens.");

    private AuthenticateResult Refuse(string code, string message)
    {
        _refusal = (code, message);
        return AuthenticateResult.Fail(message);
    }
}
