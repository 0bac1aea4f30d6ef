using System.Collections.Immutable;
using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

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

    /// <summary>Provider role name → portal role, e.g. <c>lms-authors</c> → <c>Contributor</c>; a provider role named
    /// like a portal role maps to it without an entry.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Off only for a development provider without TLS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The sign-in button's words.</summary>
    public string DisplayName { get; set; } = "your company account";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>Signs in users of a company's identity provider: the provider's user becomes (or is matched by e-mail to)
/// a portal account, the provider's role claims set its roles, and the cookie carries the portal's own claims.</summary>
public static class ExternalSignIn
{
    public const string Scheme = "oidc";

    public static AuthenticationBuilder AddCoursePortalOpenIdConnect(this AuthenticationBuilder authentication, OpenIdConnectSettings settings)
    {
        ArgumentNullException.ThrowIfNull(authentication);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled)
        {
            return authentication;
        }

        return authentication.AddOpenIdConnect(Scheme, settings.DisplayName, o =>
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
            // A failed or forged callback lands on the sign-in page with a message, not on an error page.
            o.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/Account/SignIn?failed=true");
                context.HandleResponse();
                return Task.CompletedTask;
            };
            o.Events.OnTokenValidated = async context =>
            {
                var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountService>();
                var profile = await accounts.ProvisionExternalAsync(ExternalIdentity.From(context.Principal!, settings));
                context.Principal = await context.HttpContext.RequestServices.GetRequiredService<Sessions>().PrincipalAsync(profile);
            };
        });
    }
}

/// <summary>Who the identity provider says the user is, and the portal roles its role claims map to (none mapped: learner).
/// <see cref="RolesSent"/> is false when the provider sent no role claim at all: then it does not manage roles, and the
/// account keeps the ones an admin gave it.</summary>
public sealed record ExternalIdentity(string Subject, string Email, string FirstName, string LastName, string? DisplayName, ImmutableArray<Role> Roles, bool RolesSent = true)
{
    public static ExternalIdentity From(ClaimsPrincipal principal, OpenIdConnectSettings settings)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(settings);
        string? Claim(string type) => principal.FindFirst(type)?.Value;
        var subject = Claim("sub") ?? throw new InvalidOperationException("The identity provider sent no subject.");
        var email = Claim("email") ?? throw new InvalidOperationException("The identity provider sent no e-mail address; ask for the 'email' scope.");
        var roles = principal.FindAll(settings.RoleClaim).Select(c => c.Value)
            .Select(name => settings.RoleMap.TryGetValue(name, out var mapped) ? mapped : name)
            .Select(name => Enum.TryParse<Role>(name, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(name, out _) ? role : (Role?)null)
            .OfType<Role>()
            .DefaultIfEmpty(Role.Learner)
            .Max();
        // Accounts need both names; a provider that sends only "name" (or nothing) still signs people in.
        var name = Claim("name");
        var first = Claim("given_name") ?? name?.Split(' ', 2)[0] ?? email.Split('@')[0];
        var last = Claim("family_name") ?? (name?.Split(' ', 2) is [_, var rest] ? rest : "-");
        return new ExternalIdentity(subject, email, first, last, name, [.. Enum.GetValues<Role>().Where(r => r <= roles)], principal.HasClaim(c => c.Type == settings.RoleClaim));
    }
}
