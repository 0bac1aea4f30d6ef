using CoursePortal.Grains.Abstractions.Common;
using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace CoursePortal.Web.Api;

/// <summary>
/// Turns domain refusals into 400/403/404/409, a request the framework could not bind into its own 4xx, and an
/// unreachable cluster into 503, each as problem details with a stable <c>code</c>; anything else stays a 500 for the
/// default handler.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        // Pages get the error page with the status of StatusFor (see UseCoursePortalWeb), not JSON.
        if (!IsApi(OriginalPath(httpContext)) || ProblemFor(exception) is not { } problem)
        {
            return false;
        }

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(logger, httpContext.Request.Path, exception);
        }

        httpContext.Response.StatusCode = problem.Status;
        return await problems.TryWriteAsync(ContextFor(httpContext, exception, problem));
    }

    /// <summary>The status a page shows for an exception: a domain refusal's own, 503 for an unreachable cluster, else 500.</summary>
    public static int StatusFor(Exception exception) => exception switch
    {
        DomainException d => StatusFor(d.Kind),
        BadHttpRequestException b => b.StatusCode,
        _ when IsClusterUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The answer to an exception the API turns into problem details; null for one it leaves to the default handler.</summary>
    private static Problem? ProblemFor(Exception exception) => exception switch
    {
        DomainException d => new(StatusFor(d.Kind), d.Code, "The request was refused.", d.Message),
        BadHttpRequestException b => new(b.StatusCode, CodeFor(b), "The request is malformed.", b.Message),
        _ when IsClusterUnavailable(exception) => new(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable,
            "The service is temporarily unavailable.", "The learning service or its database did not answer; nothing was changed. Try again shortly."),
        _ => null,
    };

    // The middleware may already point the request at the error page; the feature keeps the original path.
    private static PathString OriginalPath(HttpContext httpContext) =>
        httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path is { Length: > 0 } original ? new PathString(original) : httpContext.Request.Path;

    private static ProblemDetailsContext ContextFor(HttpContext httpContext, Exception exception, Problem problem)
    {
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = problem.Status,
                Title = problem.Title,
                Detail = problem.Detail,
                Extensions = { ["code"] = problem.Code },
            },
        };
        if (exception is DomainException refusal)
        {
            AddRefusalDetails(context.ProblemDetails.Extensions, refusal, problem);
        }

        return context;
    }

    private static void AddRefusalDetails(IDictionary<string, object?> extensions, DomainException refusal, Problem problem)
    {
        if (refusal.RetryAt is { } retryAt)
        {
            // The refusal lifts by itself then (e.g. the next assessment attempt opens): a client can say when, or wait.
            extensions["retryAt"] = retryAt;
        }

        if (refusal.Field is { } field)
        {
            // Every rejected field, so a client can show each message next to its input.
            extensions["field"] = field;
            extensions["errors"] = refusal.Errors.IsDefaultOrEmpty
                ? new[] { new { code = problem.Code, field, message = problem.Detail } }
                : refusal.Errors.Select(e => new { code = e.Code, field = e.Field, message = e.Message }).ToArray();
        }
    }

    // What the framework refuses before an endpoint runs: a required value missing or of the wrong type, a body that
    // is not JSON (the endpoints throw it in every environment, see AddCoursePortalWeb), a body over the limit (Kestrel).
    private static string CodeFor(BadHttpRequestException exception) => exception.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => ErrorCodes.TooLarge,
        StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
        _ => ErrorCodes.MalformedRequest,
    };

    private static bool IsApi(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);

    private static int StatusFor(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
        DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };

    // A database failure inside a grain arrives as the Npgsql exception itself (see AddCoursePortalDatabase), or
    // wrapped by the storage provider; the grain discarded its change, so the request can be retried.
    // Orleans' own failures (a gateway that cannot be reached after a silo died, a rejected message) are the cluster
    // being unavailable too.
    private static bool IsClusterUnavailable(Exception exception) => exception is
        TimeoutException or
        OrleansException or
        ClientNotAvailableException or
        DbException || exception.InnerException is DbException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster did not answer {Path}")]
    private static partial void LogUnavailable(ILogger logger, string path, Exception exception);

    /// <summary>What the problem details say: the status, the stable code, a title and the detail.</summary>
    private sealed record Problem(int Status, string Code, string Title, string Detail);
}
