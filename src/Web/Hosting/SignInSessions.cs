using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;

namespace CoursePortal.Web.Hosting;

/// <summary>
/// Server-side checks on the sign-in cookie, so that signing out, changing the password or a change of roles ends the
/// sessions they should, even if an old cookie is replayed. The user's rules are read from their credentials grain and kept
/// for a few seconds per web process; a sign-out here forgets them at once.
/// </summary>
public sealed class SignInSessions(IGrainFactory grains, IMemoryCache cache, SecuritySettings settings, TimeProvider clock)
{
    public const string SessionClaim = "courseportal:session";

    public const string GenerationClaim = "courseportal:session-generation";

    // How long this process trusts what it read: another web process sees a sign-out at most this late.
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    // The silo forgets an ended session by its own clock; this much disagreement with the web's clock is allowed for.
    private static readonly TimeSpan ClockAllowance = TimeSpan.FromMinutes(1);

    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal?.UserId() is not { } userId)
        {
            return;
        }

        var rules = await cache.GetOrCreateAsync(Key(userId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Freshness;
            return Credentials(userId).GetSessionRulesAsync();
        });
        var generation = int.TryParse(context.Principal.FindFirst(GenerationClaim)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var g) ? g : (int?)null;
        if (rules is not null && !rules.Allows(context.Principal.FindFirst(SessionClaim)?.Value, generation))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>Signs the current user out and ends their session, so the cookie no longer counts anywhere.</summary>
    public async Task SignOutAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var result = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (result.Principal?.UserId() is { } userId && result.Principal.FindFirst(SessionClaim)?.Value is { } session)
        {
            await Credentials(userId).EndSessionAsync(session, EndedSessionExpiry());
            cache.Remove(Key(userId));
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Until when a signed-out session must stay refused. Not the signed-out cookie's own expiry: a copy of it may
    /// have slid (been renewed for a whole session) up to this moment, and in another web process, which trusts what it
    /// read for <see cref="Freshness"/>, a little after. Any copy is expired by now + the session length + that.</summary>
    public DateTimeOffset EndedSessionExpiry() => clock.GetUtcNow() + settings.Session + Freshness + ClockAllowance;

    /// <summary>The principal of a new sign-in of <paramref name="profile"/>, in the user's current session generation.
    /// Every route that signs a person in (password page, <c>POST /v1/session</c>, the identity provider) comes through
    /// here: a deactivated account is refused (403 <c>account_deactivated</c>), whether its profile or its credentials say
    /// so, the credentials being what a deactivation changes first.</summary>
    public async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync(UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var rules = await Credentials(profile.UserId).GetSessionRulesAsync();
        // What this process remembered may be of the generation before (a sign-in that changed the roles).
        cache.Set(Key(profile.UserId), rules, Freshness);
        if (profile.Deactivated || rules.Deactivated)
        {
            throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.AccountDeactivated,
                "This account is deactivated, so it cannot sign in; an admin can reactivate it.");
        }

        return Policies.Principal(profile, CookieAuthenticationDefaults.AuthenticationScheme, rules.Generation);
    }

    /// <summary>Forgets what this process read of the user's sessions, so a change that ended them (a deactivation) holds
    /// here from the next request; other web processes see it within <see cref="Freshness"/>.</summary>
    public void Forget(string userId) => cache.Remove(Key(userId));

    private IUserCredentialsGrain Credentials(string userId) => grains.Reference<IUserCredentialsGrain>(GrainKeys.UserCredentials(userId));

    private static string Key(string userId) => $"session-rules:{userId}";
}
