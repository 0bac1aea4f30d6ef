using System.Globalization;
using System.Threading.RateLimiting;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Api;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;

namespace CoursePortal.Web.Hosting;

public static class SecurityExtensions
{
    public const string SignInRateLimit = "sign-in";

    /// <summary>The rate limit of a learner's own writes, per signed-in user (see <see cref="LearnerWrites"/>).</summary>
    public const string LearnerWritesRateLimit = "learner-writes";

    /// <summary>The sign-in cookie's name, which the OpenAPI document names in its cookie security scheme.</summary>
    public const string CookieName = "courseportal";

    /// <summary>Cookie sign-in, one policy per role, sign-in and learner-write rate limiting, and a fallback that makes
    /// every page and endpoint need a signed-in user unless it says otherwise.</summary>
    public static WebApplicationBuilder AddCoursePortalSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var openIdConnect = builder.Configuration.GetSection(OpenIdConnectSettings.Section).Get<OpenIdConnectSettings>() ?? new OpenIdConnectSettings();
        builder.Services.AddSingleton(openIdConnect);
        var security = SecuritySettings.From(builder.Configuration);
        builder.Services.AddSingleton(security);
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<SignInSessions>();
        // Cookie or bearer token, chosen per request (see ApiTokenAuthentication).
        builder.Services.AddAuthentication(ApiTokenAuthentication.CookieOrBearer)
            .AddCookie(o => ConfigureCookie(o, security, builder.Environment))
            .AddApiTokens()
            .AddCoursePortalOpenIdConnect(openIdConnect);
        // After the framework's own post-configuration, which creates the cookie's ticket format.
        builder.Services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme,
            o => o.TicketDataFormat = new CookieTicketCache(o.TicketDataFormat));
        builder.Services.AddRolePolicies();
        builder.Services.AddRateLimits(security);
        return builder;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o, SecuritySettings security, IHostEnvironment environment)
    {
        o.LoginPath = "/Account/SignIn";
        o.LogoutPath = "/Account/SignOut";
        o.AccessDeniedPath = "/Account/Denied";
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = environment.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        o.SlidingExpiration = true;
        o.ExpireTimeSpan = security.Session;
        o.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<SignInSessions>().ValidateAsync(context);
        // The API answers 401/403 problem details instead of redirecting to a page.
        o.Events.OnRedirectToLogin = context => ApiProblems.OrRedirectAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Sign in first.");
        o.Events.OnRedirectToAccessDenied = context => ApiProblems.OrRedirectAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Your role does not allow this.");
    }

    private static void AddRolePolicies(this IServiceCollection services) => services.AddAuthorizationBuilder()
        .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
        .AddPolicy(Policies.Learner, p => p.RequireRole(Policies.Learner))
        .AddPolicy(Policies.Contributor, p => p.RequireRole(Policies.Contributor))
        .AddPolicy(Policies.Approver, p => p.RequireRole(Policies.Approver))
        .AddPolicy(Policies.Admin, p => p.RequireRole(Policies.Admin))
        .AddPolicy(Policies.Person, p => p.RequireAuthenticatedUser().RequireAssertion(context => context.User.ApiTokenId() is null));

    private static void AddRateLimits(this IServiceCollection services, SecuritySettings security) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = RejectAsync;
        // Every request an API token makes counts against that token's budget, whatever it calls; other limits (such as
        // the learner writes, which count a token as its own user) apply on top. Requests without a token are not counted here.
        o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => context.User.ApiTokenId() is { } tokenId
            ? PerMinute(tokenId, security.TokenRequestsPerMinute)
            : RateLimitPartition.GetNoLimiter(""));
        // Only attempts count (POST): showing the sign-in form is free.
        o.AddPolicy(SignInRateLimit, context => HttpMethods.IsPost(context.Request.Method)
            ? PerMinute(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", security.SignInAttemptsPerMinute)
            : RateLimitPartition.GetNoLimiter("show"));
        // Per user, not per address: learners behind one company proxy do not share a budget, and one learner's
        // script cannot spend anyone else's. Reads are free; so is a request without a user (it is refused anyway).
        o.AddPolicy(LearnerWritesRateLimit, context => !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && context.User.UserId() is { } userId
            ? PerMinute(userId, security.LearnerWritesPerMinute)
            : RateLimitPartition.GetNoLimiter(""));
    });

    private static RateLimitPartition<string> PerMinute(string key, int permitLimit) => RateLimitPartition.GetFixedWindowLimiter(
        key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    // 429 with Retry-After (whole seconds until the window opens again); problem details on the API, the status page elsewhere.
    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (ApiProblems.IsApi(http.Request))
        {
            await ApiProblems.WriteAsync(http, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                $"Too many requests; nothing was changed. Try again in {seconds} s.");
        }
    }

    /// <summary>Headers that keep pages from being framed, sniffed or fed inline script.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        // The Orleans dashboard (admins only) sets inline styles and ships its icon font as a data: URL; it still runs no
        // inline script. Every other page keeps styles to the site's own files.
        var dashboard = context.Request.Path.StartsWithSegments(WebHostingExtensions.DashboardPath, StringComparison.OrdinalIgnoreCase);
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; " +
            (dashboard ? "style-src 'self' 'unsafe-inline'; font-src 'self' data:; " : "style-src 'self'; ") +
            "img-src 'self' https: data:; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
        if (ApiReference.IsReference(context.Request))
        {
            // The reference page's nonce is made when the page renders, after this: its policy is set as the answer starts.
            headers.ContentSecurityPolicy = ApiReference.ContentSecurityPolicy(context);
            context.Response.OnStarting(() =>
            {
                headers.ContentSecurityPolicy = ApiReference.ContentSecurityPolicy(context);
                return Task.CompletedTask;
            });
        }

        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        await next();
    });
}
