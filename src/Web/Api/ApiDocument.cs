using System.Text.Json.Nodes;
using CoursePortal.Grains.Abstractions.Common;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CoursePortal.Web.Api;

/// <summary>
/// The /openapi/v1.json document, shaped so a client generator can use it: only <c>/v1</c>, both ways to sign in as
/// security schemes, and one problem-details schema whose <c>code</c> lists <see cref="ErrorCodes"/>. Every operation
/// gets its id, security and problem answers from <see cref="ApiOperationConventions"/>, so an endpoint mapped under
/// <c>/v1</c> tomorrow is documented the same way without a line of its own.
/// </summary>
public static class ApiDocument
{
    public const string Name = "v1";
    public const string Path = "/openapi/{documentName}.json";

    /// <summary>The site's sign-in cookie (<c>POST /v1/session</c> sets it).</summary>
    public const string CookieScheme = "cookie";

    /// <summary>An API token in <c>Authorization: Bearer</c>, for integrations.</summary>
    public const string BearerScheme = "bearer";

    /// <summary>The schema of every 4xx and 5xx answer; not "ProblemDetails", the name the framework's own type takes.</summary>
    public const string ProblemSchema = "Problem";

    public const string ErrorCodeSchema = "ErrorCode";
    public const string FieldProblemSchema = "FieldProblem";
    public const string ProblemMediaType = "application/problem+json";

    public static IServiceCollection AddCoursePortalOpenApi(this IServiceCollection services) => services.AddOpenApi(Name, o =>
    {
        // The dashboard's endpoints, the health checks and the pages are not the API.
        o.ShouldInclude = d => d.RelativePath?.StartsWith("v1/", StringComparison.Ordinal) == true;
        o.AddSchemaTransformer(NumbersAreNumbers);
        o.AddOperationTransformer(new ApiOperationConventions());
        o.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            AddComponents(document);
            return Task.CompletedTask;
        });
    });

    /// <summary>Groups each /v1 operation under its endpoints class ("CourseEndpoints" as "Course") unless it names its own.</summary>
    public static TBuilder WithApiConventions<TBuilder>(this TBuilder v1)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(v1);
        v1.Add(endpoint =>
        {
            if (!endpoint.Metadata.OfType<ITagsMetadata>().Any()
                && endpoint.Metadata.OfType<System.Reflection.MethodInfo>().LastOrDefault()?.DeclaringType?.Name is { } type)
            {
                endpoint.Metadata.Add(new TagsAttribute(type.EndsWith("Endpoints", StringComparison.Ordinal) ? type[..^"Endpoints".Length] : type));
            }
        });
        return v1;
    }

    /// <summary>The security schemes and the problem schemas, once per document.</summary>
    public static void AddComponents(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes.TryAdd(CookieScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = Hosting.SecurityExtensions.CookieName,
            Description = "The site's sign-in cookie: POST /v1/session with an e-mail address and password sets it, DELETE /v1/session ends the session.",
        });
        document.Components.SecuritySchemes.TryAdd(BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API token an admin created for an integration, sent as Authorization: Bearer <token>; it acts with the token's role.",
        });

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(ErrorCodeSchema, ErrorCodeEnum());
        document.Components.Schemas.TryAdd(FieldProblemSchema, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "One rejected field: its code, its path in the request (e.g. modules[0].lessons[2].title) and a message for a person.",
            Required = new HashSet<string> { "code", "field", "message" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["code"] = new OpenApiSchemaReference(ErrorCodeSchema, document),
                ["field"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["message"] = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        });
        document.Components.Schemas.TryAdd(ProblemSchema, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details with a stable code; a refused field names itself in field and errors.",
            Required = new HashSet<string> { "status", "title", "code" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["code"] = new OpenApiSchemaReference(ErrorCodeSchema, document),
                ["field"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "The first rejected field's path." },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array | JsonSchemaType.Null,
                    Description = "Every rejected field, so a client can show each message next to its input.",
                    Items = new OpenApiSchemaReference(FieldProblemSchema, document),
                },
                ["retryAt"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String | JsonSchemaType.Null,
                    Format = "date-time",
                    Description = "When a refusal that lifts by itself does (the next assessment attempt opens).",
                },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            },
        });
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info ??= new OpenApiInfo();
        document.Info.Title = "CoursePortal API";
        document.Info.Version = Name;
        document.Info.Description =
            "Courses, packages, enrollments, progress, users and reports of CoursePortal. Every answer that is not a success is " +
            "problem details (application/problem+json) with a stable code from the ErrorCode list; clients branch on the code, " +
            "which is never renamed (new codes may be added). Sign in with POST /v1/session (a cookie) or send an API token as " +
            "Authorization: Bearer.";
    }

    /// <summary>Every code of the catalog, with its status and meaning in the description (a code answered with two
    /// statuses is listed once).</summary>
    private static OpenApiSchema ErrorCodeEnum()
    {
        var codes = ErrorCodes.All.GroupBy(c => c.Code, StringComparer.Ordinal).ToList();
        return new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The stable code of a problem:\n\n" + string.Join("\n", codes.Select(g =>
                $"- `{g.Key}` ({string.Join(", ", g.Select(c => c.Status))}): {string.Join(" / ", g.Select(c => c.Meaning))}")),
            Enum = [.. codes.Select(g => (JsonNode)JsonValue.Create(g.Key))],
        };
    }

    // The web's JSON options read numbers from strings too, so the framework describes an int as "integer or string
    // with a digit pattern"; generators then make it a string or give up. Clients should send numbers.
    private static Task NumbersAreNumbers(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        return Task.CompletedTask;
    }
}
