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
            await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                "Send the body as application/json.");
            return null;
        }

        return await next(context);
    }
}
