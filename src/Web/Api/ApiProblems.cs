using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CoursePortal.Web.Api;

/// <summary>Problem-details answers for /v1 where pages would redirect.</summary>
public static class ApiProblems
{
    public static bool IsApi(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase);
    }

    public static Task OrRedirectAsync(RedirectContext<CookieAuthenticationOptions> context, int status, string code, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsApi(context.Request))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        return WriteAsync(context.HttpContext, status, code, detail);
    }

    public static async Task WriteAsync(HttpContext http, int status, string code, string detail)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = status;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = detail, Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}
