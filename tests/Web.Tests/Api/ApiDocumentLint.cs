using System.Text.Json;

namespace CoursePortal.Web.Tests.Api;

/// <summary>
/// What a client generator needs of an OpenAPI document, checked over its JSON: only <c>/v1</c> paths; every operation
/// with a unique operationId, a summary, security that names a declared scheme (or an empty list, explicitly anonymous),
/// a typed success and typed request bodies (no <c>{}</c> schema), 503 and, when it needs a sign-in, 401, and every
/// problem answer as <c>application/problem+json</c> of the one problem schema, which has <c>code</c> (an enum) and
/// <c>errors</c>. Each fault is one line naming where it is.
/// </summary>
public static class ApiDocumentLint
{
    public const string ProblemRef = "#/components/schemas/Problem";

    public static IReadOnlyList<string> Faults(JsonElement document)
    {
        var faults = new List<string>();
        var schemes = document.TryGetProperty("components", out var components) && components.TryGetProperty("securitySchemes", out var declared)
            ? declared.EnumerateObject().Select(s => s.Name).ToHashSet(StringComparer.Ordinal)
            : [];
        CheckProblemSchema(document, faults);

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (!path.Name.StartsWith("/v1/", StringComparison.Ordinal))
            {
                faults.Add($"{path.Name}: not under /v1");
            }

            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch"))
            {
                var where = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                CheckOperation(where, operation.Value, schemes, ids, faults);
            }
        }

        return faults;
    }

    private static void CheckOperation(string where, JsonElement operation, HashSet<string> schemes, Dictionary<string, string> ids, List<string> faults)
    {
        if (Text(operation, "operationId") is not { } id)
        {
            faults.Add($"{where}: no operationId");
        }
        else if (!ids.TryAdd(id, where))
        {
            faults.Add($"{where}: operationId {id} is also {ids[id]}'s");
        }

        if (Text(operation, "summary") is null)
        {
            faults.Add($"{where}: no summary");
        }

        var anonymous = false;
        if (!operation.TryGetProperty("security", out var security) || security.ValueKind != JsonValueKind.Array)
        {
            faults.Add($"{where}: no security (an anonymous operation says so with an empty list)");
        }
        else
        {
            anonymous = security.GetArrayLength() == 0;
            foreach (var scheme in security.EnumerateArray().SelectMany(r => r.EnumerateObject()).Where(s => !schemes.Contains(s.Name)))
            {
                faults.Add($"{where}: security names {scheme.Name}, which components.securitySchemes does not declare");
            }
        }

        if (operation.TryGetProperty("requestBody", out var body))
        {
            foreach (var media in Content(body).Where(m => !IsTyped(m.Value)))
            {
                faults.Add($"{where}: untyped request body ({media.Key})");
            }
        }

        CheckResponses(where, operation, anonymous, faults);
    }

    private static void CheckResponses(string where, JsonElement operation, bool anonymous, List<string> faults)
    {
        if (!operation.TryGetProperty("responses", out var responses))
        {
            faults.Add($"{where}: no responses");
            return;
        }

        var statuses = responses.EnumerateObject().ToList();
        if (!statuses.Any(r => r.Name.StartsWith('2')))
        {
            faults.Add($"{where}: no success response");
        }

        foreach (var success in statuses.Where(r => r.Name.StartsWith('2')))
        {
            var content = Content(success.Value).ToList();
            if (success.Name != "204" && content.Count == 0)
            {
                faults.Add($"{where}: {success.Name} has no body");
            }

            foreach (var media in content.Where(m => !IsTyped(m.Value)))
            {
                faults.Add($"{where}: untyped {success.Name} body ({media.Key})");
            }
        }

        foreach (var problem in statuses.Where(r => r.Name[0] is '4' or '5'))
        {
            var content = Content(problem.Value).ToList();
            if (content.Count != 1 || content[0].Key != "application/problem+json" || Text(content[0].Value, "$ref") != ProblemRef)
            {
                faults.Add($"{where}: {problem.Name} is not application/problem+json of {ProblemRef}");
            }
        }

        foreach (var needed in anonymous ? ["503"] : new[] { "401", "503" })
        {
            if (!statuses.Any(r => r.Name == needed))
            {
                faults.Add($"{where}: no {needed} response");
            }
        }
    }

    private static void CheckProblemSchema(JsonElement document, List<string> faults)
    {
        if (!document.TryGetProperty("components", out var components) || !components.TryGetProperty("schemas", out var schemas)
            || !schemas.TryGetProperty("Problem", out var problem) || !problem.TryGetProperty("properties", out var properties))
        {
            faults.Add("components.schemas.Problem: missing");
            return;
        }

        if (!properties.TryGetProperty("errors", out _))
        {
            faults.Add("components.schemas.Problem: no errors property");
        }

        var code = properties.TryGetProperty("code", out var c) ? Resolve(schemas, c) : default;
        if (code.ValueKind != JsonValueKind.Object || !code.TryGetProperty("enum", out var codes) || codes.GetArrayLength() == 0)
        {
            faults.Add("components.schemas.Problem: code is not an enum of the error codes");
        }
    }

    private static JsonElement Resolve(JsonElement schemas, JsonElement schema) =>
        Text(schema, "$ref") is { } reference && schemas.TryGetProperty(reference[(reference.LastIndexOf('/') + 1)..], out var target) ? target : schema;

    private static IEnumerable<KeyValuePair<string, JsonElement>> Content(JsonElement holder) =>
        holder.TryGetProperty("content", out var content)
            ? content.EnumerateObject().Select(m => KeyValuePair.Create(m.Name, m.Value.TryGetProperty("schema", out var schema) ? schema : default))
            : [];

    /// <summary>A schema says what the body is: a reference, a type (an array's items typed too), or a choice of typed
    /// schemas that is more than null. <c>{}</c>, "anything", is not.</summary>
    public static bool IsTyped(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (schema.TryGetProperty("$ref", out _))
        {
            return true;
        }

        foreach (var choice in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(choice, out var options))
            {
                var members = options.EnumerateArray().Where(m => !IsOnly(m, "null")).ToList();
                return members.Count > 0 && members.All(IsTyped);
            }
        }

        if (!schema.TryGetProperty("type", out var type) || IsOnly(schema, "null"))
        {
            return false;
        }

        var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToList() : [type.GetString()];
        if (types.Contains("array"))
        {
            return schema.TryGetProperty("items", out var items) && IsTyped(items);
        }

        return !types.Contains("object") || schema.TryGetProperty("properties", out _) || schema.TryGetProperty("additionalProperties", out _);
    }

    private static bool IsOnly(JsonElement schema, string type) =>
        schema.TryGetProperty("type", out var t) && (t.ValueKind == JsonValueKind.String ? t.GetString() == type
            : t.ValueKind == JsonValueKind.Array && t.EnumerateArray().All(e => e.GetString() == type));

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString() : null;
}
