using System.Collections.Immutable;
using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace CoursePortal.Web.Hosting;

/// <summary>OpenID Connect settings (section <c>Authentication:OpenIdConnect</c>); off while <see cref="Authority"/> is empty.</summary>
public sealed class OpenIdConnectSettings
{
    public const string Section = "Authentication:OpenIdConnect";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The claim that carries the provider's role names.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Provider role name → portal role, e.g. <c>lms-authors</c> → <c>Contributor</c>. The only way a provider
    /// role becomes a portal role: a provider role that happens to be called "admin" is nothing without an entry.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Off only for a development provider without TLS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The sign-in button's words.</summary>
    public string DisplayName { get; set; } = "your company account";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The portal role <see cref="RoleMap"/> gives a provider role, or null.</summary>
    public Role? MapRole(string providerRole) =>
        RoleMap.TryGetValue(providerRole, out var portalRole) ? ParseRole(portalRole) : null;

    /// <summary>Stops the start with one line when a <see cref="RoleMap"/> entry names no portal role, rather than
    /// quietly making learners of the people it was meant for.</summary>
    public void Validate()
    {
        foreach (var (providerRole, portalRole) in RoleMap)
        {
            if (ParseRole(portalRole) is null)
            {
                throw new CoursePortal.Hosting.StartupException(
                    $"{Section}:RoleMap:{providerRole} is '{portalRole}', which is no portal role ({string.Join(", ", Enum.GetNames<Role>())}).");
            }
        }
    }

    // By name only: "3" is not a role.
    private static Role? ParseRole(string name) =>
        Enum.GetValues<Role>().Where(r => string.Equals(r.ToString(), name.Trim(), StringComparison.OrdinalIgnoreCase)).Cast<Role?>().FirstOrDefault();
}

/// <summary>Signs in users of a company's identity provider: the provider's user (issuer and subject) has a portal account
/// of their own, or is linked to one made for them (see <see cref="AccountService.ProvisionExternalAsync"/>), the
/// provider's role claims set its roles through the role map, and the cookie carries the portal's own claims.</summary>
public static partial class ExternalSignIn
{
    public const string Scheme = "oidc";

    /// <summary>Where a provider user the portal will not sign in lands: the sign-in page, saying so.</summary>
    public const string RefusedPath = "/Account/SignIn?failed=account";

    /// <summary>Where the identity provider's user of a deactivated account lands.</summary>
    public const string DeactivatedPath = "/Account/SignIn?failed=deactivated";

    public static AuthenticationBuilder AddCoursePortalOpenIdConnect(this AuthenticationBuilder authentication, OpenIdConnectSettings settings)
    {
        ArgumentNullException.ThrowIfNull(authentication);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled)
        {
            return authentication;
        }

        settings.Validate();

        return authentication.AddOpenIdConnect(Scheme, settings.DisplayName, o =>
        {
            ConfigureProtocol(o, settings);
            // A failed or forged callback lands on the sign-in page with a message, not on an error page.
            o.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/Account/SignIn?failed=true");
                context.HandleResponse();
                return Task.CompletedTask;
            };
            o.Events.OnTokenValidated = context => SignInPortalUserAsync(context, settings);
        });
    }

    private static void ConfigureProtocol(OpenIdConnectOptions o, OpenIdConnectSettings settings)
    {
        o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.Authority = settings.Authority;
        o.ClientId = settings.ClientId;
        o.ClientSecret = settings.ClientSecret;
        o.ResponseType = "code";
        // The code comes back on a top-level GET, so the SameSite=Lax cookies (ours and the handler's) travel with it.
        o.ResponseMode = "query";
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        o.UsePkce = true;
        o.SaveTokens = false;
        o.GetClaimsFromUserInfoEndpoint = true;
        o.MapInboundClaims = false;
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        o.Scope.Add("email");
    }

    // The cookie carries the portal's own claims for the provider's user; one the portal refuses lands on RefusedPath.
    private static async Task SignInPortalUserAsync(TokenValidatedContext context, OpenIdConnectSettings settings)
    {
        var services = context.HttpContext.RequestServices;
        var identity = ExternalIdentity.From(context.Principal!, settings);
        try
        {
            var profile = await services.GetRequiredService<AccountService>().ProvisionExternalAsync(identity);
            context.Principal = await services.GetRequiredService<SignInSessions>().PrincipalAsync(profile);
        }
        catch (DomainException refused) when (refused.Code is ErrorCodes.ExternalLinkRefused or ErrorCodes.AccountDeactivated)
        {
            LogRefused(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignIn)), identity.Issuer, identity.Subject, identity.Email, refused.Message);
            context.Response.Redirect(refused.Code == ErrorCodes.AccountDeactivated ? DeactivatedPath : RefusedPath);
            context.HandleResponse();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Did not sign in {Subject} of {Issuer} ({Email}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string issuer, string subject, string email, string reason);
}

/// <summary>Who the identity provider says the user is: the issuer and its subject for them (together, what identifies
/// them), the e-mail address and whether the provider verified it, and the portal roles its role claims map to through
/// the role map (none mapped: learner). <see cref="RolesSent"/> is false when the provider sent no role claim at all:
/// then it does not manage roles, and the account keeps the ones an admin gave it.</summary>
public sealed record ExternalIdentity(
    string Issuer, string Subject, string Email, bool EmailVerified, string FirstName, string LastName, string? DisplayName, ImmutableArray<Role> Roles, bool RolesSent = true)
{
    public static ExternalIdentity From(ClaimsPrincipal principal, OpenIdConnectSettings settings)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(settings);
        string? Claim(string type) => principal.FindFirst(type)?.Value;
        var subject = principal.FindFirst("sub") ?? throw new InvalidOperationException("The identity provider sent no subject.");
        // The token's issuer, which the handler has checked against the provider's metadata.
        var issuer = Claim("iss") ?? subject.Issuer;
        var email = Claim("email") ?? throw new InvalidOperationException("The identity provider sent no e-mail address; ask for the 'email' scope.");
        var verified = bool.TryParse(Claim("email_verified"), out var v) && v;
        var roles = principal.FindAll(settings.RoleClaim)
            .Select(c => settings.MapRole(c.Value))
            .OfType<Role>()
            .DefaultIfEmpty(Role.Learner)
            .Max();
        // Accounts need both names; a provider that sends only "name" (or nothing) still signs people in.
        var name = Claim("name");
        var first = Claim("given_name") ?? name?.Split(' ', 2)[0] ?? email.Split('@')[0];
        var last = Claim("family_name") ?? (name?.Split(' ', 2) is [_, var rest] ? rest : "-");
        return new ExternalIdentity(issuer, subject.Value, email, verified, first, last, name,
            [.. Enum.GetValues<Role>().Where(r => r <= roles)], principal.HasClaim(c => c.Type == settings.RoleClaim));
    }
}
