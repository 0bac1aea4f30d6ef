using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Web.Api;

/// <summary>State changes through /v1 take JSON only, so a cross-site HTML form (which cannot send
/// application/json without a CORS preflight) can never forge one.</summary>
public sealed class JsonOnlyFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        var changes = HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method);
        var binary = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<BinaryBodyMetadata>() is not null;
        if (changes && !binary && request.ContentLength is not 0 && !request.HasJsonContentType())
        {
            await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                "Send the body as application/json.");
            // An empty result, not null: an endpoint that answers a plain value would otherwise write null as JSON after
            // the problem, into a response already sent, and the connection would be cut (found by the /v1 fuzz test).
            return Results.Empty;
        }

        return await next(context);
    }
}
