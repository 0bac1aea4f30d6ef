using System.Reflection;
using System.Text.RegularExpressions;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace CoursePortal.Web.Api;

/// <summary>
/// What every /v1 operation's entry says, read from the endpoint itself rather than written per endpoint: its id (the
/// handler's name, which the architecture tests keep unique and named), a summary, who may call it, every success body
/// the handler declares, and the problem answers that its shape allows, each referencing the one problem schema.
/// </summary>
public sealed partial class ApiOperationConventions : IOpenApiOperationTransformer
{
    private static readonly Dictionary<int, string> ProblemDescriptions = new()
    {
        [StatusCodes.Status400BadRequest] = $"Invalid input: a rejected field (errors names each), or a request the API cannot read ({ErrorCodes.MalformedRequest}). Nothing changed.",
        [StatusCodes.Status401Unauthorized] = $"Not signed in ({ErrorCodes.Unauthorized}): no cookie or token, or one that has ended.",
        [StatusCodes.Status403Forbidden] = $"Refused ({ErrorCodes.Forbidden}): the role does not allow this or the data is someone else's; or a write the browser marked as cross-site ({ErrorCodes.CrossSiteRequest}). Nothing changed.",
        [StatusCodes.Status404NotFound] = $"No such id ({ErrorCodes.NotFound}), or text that cannot be an id.",
        [StatusCodes.Status409Conflict] = "The state does not allow this now (the code says why, e.g. a draft exists or there is none). Nothing changed.",
        [StatusCodes.Status410Gone] = "Gone for good; the code says why and what to do instead.",
        [StatusCodes.Status413PayloadTooLarge] = $"The body is over this operation's size limit ({ErrorCodes.TooLarge}). Nothing changed.",
        [StatusCodes.Status415UnsupportedMediaType] = $"The body is not of the media type the operation takes: application/json, or the one its request body names ({ErrorCodes.UnsupportedMediaType}). Nothing changed.",
        [StatusCodes.Status429TooManyRequests] = $"Too many requests ({ErrorCodes.RateLimited}); Retry-After says when to try again. Nothing changed.",
        [StatusCodes.Status503ServiceUnavailable] = $"The cluster or its database did not answer ({ErrorCodes.Unavailable}), or the web is at its admission limit ({ErrorCodes.Overloaded}, with Retry-After). Nothing changed; try again.",
    };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document ?? throw new InvalidOperationException("An operation is always transformed inside its document.");
        ApiDocument.AddComponents(document);

        operation.OperationId ??= metadata.OfType<MethodInfo>().LastOrDefault()?.Name;
        operation.Summary ??= operation.OperationId is { } id ? Words(id) : null;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        Secure(operation, document, anonymous, metadata);
        AddBinaryBody(operation, metadata);
        AddIdempotencyKey(operation, metadata);
        await AddDeclaredBodiesAsync(operation, context, metadata, cancellationToken);
        foreach (var status in ProblemStatuses(operation, context, metadata, anonymous))
        {
            AddProblem(operation, document, status);
        }

        SortResponses(operation);
    }

    /// <summary>The problem answers an operation's shape allows: input can be invalid, a signed-in operation can be
    /// refused, an id can be unknown, a write can conflict or be too large or not JSON, a rate limit can be hit, and the
    /// cluster can always be away. An endpoint adds any other with <c>ProducesProblem</c>.</summary>
    public static IEnumerable<int> ProblemStatuses(OpenApiOperation operation, OpenApiOperationTransformerContext context, IList<object> metadata, bool anonymous)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(metadata);
        var method = context.Description.HttpMethod ?? "";
        var parameters = context.Description.ParameterDescriptions;
        var hasPathId = parameters.Any(p => p.Source == BindingSource.Path);
        var hasBody = operation.RequestBody is not null || parameters.Any(p => p.Source == BindingSource.Body);
        var sendsBody = HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method);
        var write = sendsBody || HttpMethods.IsDelete(method);
        var roleNeeded = metadata.OfType<IAuthorizeData>().Any(a => a.Policy is { } policy && policy != Policies.Learner || !string.IsNullOrEmpty(a.Roles));

        var statuses = new SortedSet<int>(metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.StatusCode).Where(s => s >= 400));
        AddIf(statuses, parameters.Count > 0 || hasBody, StatusCodes.Status400BadRequest);
        AddIf(statuses, !anonymous, StatusCodes.Status401Unauthorized);
        AddIf(statuses, !anonymous && (roleNeeded || write), StatusCodes.Status403Forbidden);
        AddIf(statuses, hasPathId, StatusCodes.Status404NotFound);
        AddIf(statuses, !anonymous && write && (hasPathId || HttpMethods.IsPost(method)), StatusCodes.Status409Conflict);
        AddIf(statuses, sendsBody && hasBody, StatusCodes.Status413PayloadTooLarge);
        AddIf(statuses, sendsBody && !metadata.OfType<BinaryBodyMetadata>().Any(), StatusCodes.Status415UnsupportedMediaType);
        AddIf(statuses, metadata.OfType<EnableRateLimitingAttribute>().Any(), StatusCodes.Status429TooManyRequests);
        statuses.Add(StatusCodes.Status503ServiceUnavailable);
        return statuses;
    }

    private static void AddIf(SortedSet<int> statuses, bool condition, int status)
    {
        if (condition)
        {
            statuses.Add(status);
        }
    }

    // Either scheme opens every operation that is not anonymous; an anonymous one says so with an empty list.
    private static void Secure(OpenApiOperation operation, OpenApiDocument document, bool anonymous, IList<object> metadata)
    {
        operation.Security = anonymous ? [] :
            [.. AcceptedSchemes(metadata).Select(scheme => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] })];
        var roles = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Where(p => p != Policies.Learner).Distinct().ToList();
        var who = anonymous ? "Anonymous: no sign-in needed."
            : roles.Count > 0 ? $"Needs the {string.Join(" and ", roles)} role (a higher role includes it)."
            : "Anyone signed in.";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? who : $"{operation.Description}\n\n{who}";
    }

    // Both, unless the endpoint's authorization names the authentication schemes it takes: the cookie's, or any other
    // (a token's).
    private static IEnumerable<string> AcceptedSchemes(IList<object> metadata)
    {
        var named = metadata.OfType<IAuthorizeData>().Where(a => !string.IsNullOrWhiteSpace(a.AuthenticationSchemes))
            .SelectMany(a => a.AuthenticationSchemes!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (named.Count == 0 || named.Contains(CookieAuthenticationDefaults.AuthenticationScheme))
        {
            yield return ApiDocument.CookieScheme;
        }

        if (named.Count == 0 || named.Any(n => n != CookieAuthenticationDefaults.AuthenticationScheme))
        {
            yield return ApiDocument.BearerScheme;
        }
    }

    // A body the framework does not bind (a ZIP upload) is read by the handler; the metadata says what it takes.
    private static void AddBinaryBody(OpenApiOperation operation, IList<object> metadata)
    {
        if (operation.RequestBody is null && metadata.OfType<BinaryBodyMetadata>().LastOrDefault() is { } binary)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [binary.ContentType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = binary.Format } },
                },
            };
        }
    }

    // The header is read by a filter, not bound, so the framework does not see it.
    private static void AddIdempotencyKey(OpenApiOperation operation, IList<object> metadata)
    {
        if (!metadata.OfType<IdempotencyKeyMetadata>().Any())
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyKeyFilter.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Makes a repeat safe: a repeat with the same key and the same request within 24 hours answers the first answer "
                + $"(with {IdempotencyKeyFilter.ReplayedHeader}: true) and changes nothing; the same key with another request is refused "
                + $"(409 {ErrorCodes.IdempotencyKeyReused}), and while the first still runs (409 {ErrorCodes.IdempotencyKeyInUse}, Retry-After). "
                + $"1 to {Grains.Abstractions.Idempotency.IdempotencyKeys.MaxKeyLength} printable ASCII characters ({ErrorCodes.InvalidIdempotencyKey} otherwise).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = Grains.Abstractions.Idempotency.IdempotencyKeys.MaxKeyLength },
        });
    }

    // The framework keeps one answer per status and media type, the last declared: a JSON page and its CSV download
    // (Produces) lost one of the two, and of two JSON answers the handler's usual one could lose to its variant. Each
    // declared success is put back under its own media type, the first declared winning; a variant is named in words.
    private static async Task AddDeclaredBodiesAsync(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, IList<object> metadata, CancellationToken cancellationToken)
    {
        var declared = metadata.OfType<IProducesResponseTypeMetadata>()
            .Where(p => p.StatusCode < 400 && p.Type is not null && p.Type != typeof(void))
            .SelectMany(p => p.ContentTypes.DefaultIfEmpty("application/json").Select(media => (p.StatusCode, Media: media, Type: p.Type!)))
            .GroupBy(p => (p.StatusCode, p.Media));
        foreach (var answers in declared)
        {
            operation.Responses ??= new OpenApiResponses();
            var key = answers.Key.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(key, out var existing))
            {
                existing = new OpenApiResponse { Description = ReasonPhrases.GetReasonPhrase(answers.Key.StatusCode) };
                operation.Responses[key] = existing;
            }

            if (existing is not OpenApiResponse response)
            {
                continue;
            }

            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            var types = answers.Select(a => a.Type).Distinct().ToList();
            response.Content[answers.Key.Media] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(types[0], null, cancellationToken) };
            if (types.Count > 1)
            {
                operation.Description = $"{operation.Description}\n\nDepending on the request, the {key} answer is instead {string.Join(" or ", types.Skip(1).Select(TypeWords))}.".TrimStart();
            }
        }
    }

    private static string TypeWords(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var item] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
            ? $"a list of {item.Name}"
            : type.Name;

    // Successes first, then the problems by status, as a reader looks for them; JSON before a download of the same
    // answer, since generators type a method by its answer's first media type.
    private static void SortResponses(OpenApiOperation operation)
    {
        if (operation.Responses is not { } responses)
        {
            return;
        }

        var sorted = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (status, response) in sorted)
        {
            if (response is OpenApiResponse { Content.Count: > 1 } withContent)
            {
                withContent.Content = withContent.Content.OrderBy(m => m.Key == "application/json" ? 0 : 1).ToDictionary();
            }

            responses[status] = response;
        }
    }

    private static void AddProblem(OpenApiOperation operation, OpenApiDocument document, int status)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
        {
            Description = ProblemDescriptions.GetValueOrDefault(status) ?? ReasonPhrases.GetReasonPhrase(status),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ApiDocument.ProblemMediaType] = new() { Schema = new OpenApiSchemaReference(ApiDocument.ProblemSchema, document) },
            },
        };
    }

    /// <summary>"ListCourseVersions" as "List course versions": the summary of a handler without a doc comment.</summary>
    public static string Words(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = WordStarts().Replace(name, " $1").Trim().ToLowerInvariant();
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex WordStarts();
}
