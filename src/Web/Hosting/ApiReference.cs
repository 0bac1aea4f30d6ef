using CoursePortal.Web.Api;
using Scalar.AspNetCore;

namespace CoursePortal.Web.Hosting;

/// <summary>
/// The API reference for signed-in admins: Scalar renders /openapi/v1.json with its script served by the portal from the
/// Scalar.AspNetCore package, never a CDN, and no fonts or telemetry from elsewhere. Its one inline script (the start-up
/// call) carries a fresh nonce that the page's Content-Security-Policy names (see <see cref="ContentSecurityPolicy"/>).
/// </summary>
public static class ApiReference
{
    public const string Path = "/admin/api-reference";

    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapScalarApiReference(Path, o => o
                .WithTitle("CoursePortal API reference")
                .WithOpenApiRoutePattern(ApiDocument.Path)
                .AddDocument(ApiDocument.Name)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .WithNonce())
            .RequireAuthorization(Policies.Admin);

    public static bool IsReference(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The page's policy: the portal's scripts plus the one nonce Scalar wrote on its inline start-up script;
    /// inline styles, which Scalar's components set as they render; nothing from another origin.</summary>
    public static string ContentSecurityPolicy(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var nonce = context.Items[ScalarOptions.NonceHttpContextItemKey] is string value ? $" 'nonce-{value}'" : "";
        return $"default-src 'self'; script-src 'self'{nonce}; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; " +
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
    }
}
