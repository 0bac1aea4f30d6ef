using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Api;

namespace CoursePortal.Web.Hosting;

/// <summary>
/// Refuses a /v1 write that a browser says comes from another site: <c>Sec-Fetch-Site</c> anything but
/// <c>same-origin</c> or <c>none</c> (so <c>same-site</c> too: a sibling subdomain is another origin, and the Lax
/// sign-in cookie still rides along), or, from a browser that does not send that header, an <c>Origin</c> that is not
/// the portal's own host and port. Only browsers send these headers, so scripts and
/// integrations are unaffected, and a request with a bearer token is never judged (no cookie counts for it); reads (GET, HEAD, OPTIONS) are never refused. A second guard beside
/// <see cref="JsonOnlyFilter"/>: it also holds for a body-less write and for one whose JSON a browser could send.
/// </summary>
public static class CrossSiteRequests
{
    public static IApplicationBuilder UseCrossSiteWriteRefusal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsCrossSiteWrite(context.Request))
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.CrossSiteRequest,
                "The browser sent this change from another site; nothing was changed. Use the portal's own pages.");
            return;
        }

        await next();
    });

    /// <summary>Whether the request is a /v1 write that the browser marks as coming from another site.</summary>
    public static bool IsCrossSiteWrite(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A bearer request is judged by its token alone, never by the cookie a browser would add (ApiTokenAuthentication).
        if (!ApiProblems.IsApi(request) || ApiTokenAuthentication.IsBearerRequest(request) || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            return false;
        }

        // A browser that sends Sec-Fetch-Site (every current one) sets it itself, and page script cannot change it: it
        // decides alone. Only a browser without it is judged by its Origin.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase) && !site.Equals("none", StringComparison.OrdinalIgnoreCase);
        }

        // An Origin of "null" (a sandboxed frame, a redirect across sites) is another site too.
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !IsOwnOrigin(origin, request);
    }

    // The host and port, not the scheme: behind a proxy that ends TLS the web sees http while the browser's origin is
    // https, and the same host over the other scheme is still the portal (whose cookie is Secure in Production).
    private static bool IsOwnOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var from)
        && from.Scheme is "http" or "https"
        && from.AbsolutePath == "/"
        && string.Equals(from.Authority, request.Host.ToUriComponent(), StringComparison.OrdinalIgnoreCase);
}
