using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoursePortal.Web.Api;

/// <summary>The sign-in the API shares with the site: the same cookie.</summary>
public sealed record SessionRequest([property: Required] string Email, [property: Required] string Password);

/// <summary>GET /v1/me.</summary>
public sealed record MeResponse(string UserId, string Email, string DisplayName, IReadOnlyList<string> Roles);

public static class SessionEndpoints
{
    /// <summary>POST /v1/session, DELETE /v1/session and GET /v1/me.</summary>
    public static RouteGroupBuilder MapSessionEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        // 403 account_deactivated: the password was right, but an admin deactivated the account.
        v1.MapPost("/session", SignIn)
            .AllowAnonymous()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .AsLearnerWrite(rateLimited: false)
            .RequireRateLimiting(SecurityExtensions.SignInRateLimit);
        v1.MapDelete("/session", SignOut);
        v1.MapGet("/me", GetMe).RequireAuthorization(Policies.Person);
        return v1;
    }

    /// <summary>Signs in with a local account's password and sets the site's cookie; a deactivated account is refused.</summary>
    public static async Task<Ok<MeResponse>> SignIn(SessionRequest request, AccountService accounts, SignInSessions sessions, HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrWhiteSpace(request.Password))
        {
            throw new DomainException([new FieldError(ErrorCodes.Required, "email", "E-mail address and password are required.")]);
        }

        var profile = await accounts.VerifyAsync(request.Email, request.Password, AccountService.ClientAddress(http))
            ?? throw new DomainException(DomainErrorKind.Invalid, ErrorCodes.InvalidCredentials, "The e-mail address or password is wrong.");
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, await sessions.PrincipalAsync(profile));
        return TypedResults.Ok(Me(profile));
    }

    /// <summary>Ends this session everywhere: a copy of its cookie no longer signs anyone in.</summary>
    public static async Task<NoContent> SignOut(HttpContext http, SignInSessions sessions)
    {
        await sessions.SignOutAsync(http);
        return TypedResults.NoContent();
    }

    /// <summary>The signed-in user: id, e-mail address, name and every role they hold.</summary>
    public static async Task<Ok<MeResponse>> GetMe(ClaimsPrincipal user, AccountService accounts) =>
        TypedResults.Ok(Me(await accounts.ProfileAsync(user.UserId()!)));

    private static MeResponse Me(UserProfile profile) =>
        new(profile.UserId, profile.Email, profile.DisplayName, [.. Enum.GetValues<Role>().Where(r => r <= profile.HighestRole).Select(r => r.ToString())]);
}
