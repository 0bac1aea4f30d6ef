using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Web.Tests.Api;

/// <summary>The served /openapi/v1.json is one a client generator can use (<see cref="ApiDocumentLint"/>), and what it says
/// of security and problems is what the API does.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class ApiDocumentTests(LocalModeFactory factory)
{
    [Fact]
    public async Task TheServedDocumentPassesTheLint()
    {
        var document = await DocumentAsync();

        var faults = ApiDocumentLint.Faults(document);

        Assert.True(faults.Count == 0, string.Join("\n", faults));
        Assert.True(Operations(document).Count() >= 45, "the lint ran over the whole API");
    }

    [Fact]
    public void TheLintFindsEachFaultOfABadDocument()
    {
        const string Bad = """
            {
              "openapi": "3.1.1",
              "paths": {
                "/admin/dashboard/version": { "get": { "operationId": "Version", "summary": "Dashboard", "security": [],
                  "responses": { "200": { "content": { "application/json": { "schema": { "type": "string" } } } }, "503": { "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } } } } },
                "/v1/things": {
                  "get": { "operationId": "Things", "security": [ { "cookie": [] } ],
                    "responses": { "200": { "content": { "application/json": { "schema": {} } } }, "400": { "content": { "application/json": { "schema": { "type": "object" } } } } } },
                  "post": { "operationId": "Things", "summary": "Make a thing",
                    "requestBody": { "content": { "application/json": { "schema": {} } } },
                    "responses": { "201": { "content": { "application/json": { "schema": { "type": "array", "items": {} } } } } } },
                  "delete": { "summary": "Drop the things", "security": [ { "apikey": [] } ],
                    "responses": { "204": { "description": "No Content" }, "401": { "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }, "503": { "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } } } }
                }
              },
              "components": {
                "securitySchemes": { "cookie": { "type": "apiKey", "in": "cookie", "name": "c" } },
                "schemas": { "Problem": { "type": "object", "properties": { "code": { "type": "string" } } } }
              }
            }
            """;

        var faults = ApiDocumentLint.Faults(JsonDocument.Parse(Bad).RootElement);

        Assert.Contains("/admin/dashboard/version: not under /v1", faults);
        Assert.Contains("GET /v1/things: no summary", faults);
        Assert.Contains("GET /v1/things: untyped 200 body (application/json)", faults);
        Assert.Contains($"GET /v1/things: 400 is not application/problem+json of {ApiDocumentLint.ProblemRef}", faults);
        Assert.Contains("GET /v1/things: no 401 response", faults);
        Assert.Contains("GET /v1/things: no 503 response", faults);
        Assert.Contains("POST /v1/things: operationId Things is also GET /v1/things's", faults);
        Assert.Contains("POST /v1/things: no security (an anonymous operation says so with an empty list)", faults);
        Assert.Contains("POST /v1/things: untyped request body (application/json)", faults);
        Assert.Contains("POST /v1/things: untyped 201 body (application/json)", faults);
        Assert.Contains("POST /v1/things: no 401 response", faults);
        Assert.Contains("POST /v1/things: no 503 response", faults);
        Assert.Contains("DELETE /v1/things: no operationId", faults);
        Assert.Contains("DELETE /v1/things: security names apikey, which components.securitySchemes does not declare", faults);
        Assert.Contains("components.schemas.Problem: no errors property", faults);
        Assert.Contains("components.schemas.Problem: code is not an enum of the error codes", faults);
        Assert.Equal(16, faults.Count);
    }

    [Fact]
    public void AnEmptySchemaOrOnlyNullIsUntypedAndAReferenceOrATypedChoiceIsTyped()
    {
        static bool Typed(string schema) => ApiDocumentLint.IsTyped(JsonDocument.Parse(schema).RootElement);

        Assert.False(Typed("{}"));
        Assert.False(Typed("""{ "type": "null" }"""));
        Assert.False(Typed("""{ "type": "object" }"""));
        Assert.False(Typed("""{ "oneOf": [ { "type": "null" } ] }"""));
        Assert.True(Typed("""{ "$ref": "#/components/schemas/CourseJson" }"""));
        Assert.True(Typed("""{ "oneOf": [ { "type": "null" }, { "$ref": "#/components/schemas/EnrollJson" } ] }"""));
        Assert.True(Typed("""{ "type": [ "null", "array" ], "items": { "type": "string" } }"""));
        Assert.True(Typed("""{ "type": "string", "format": "binary" }"""));
    }

    [Fact]
    public async Task EveryOperationButSignInTakesTheCookieOrABearerToken()
    {
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");

        Assert.Equal(("apiKey", "cookie", "courseportal"),
            (schemes.GetProperty("cookie").GetProperty("type").GetString(), schemes.GetProperty("cookie").GetProperty("in").GetString(), schemes.GetProperty("cookie").GetProperty("name").GetString()));
        Assert.Equal(("http", "bearer"), (schemes.GetProperty("bearer").GetProperty("type").GetString(), schemes.GetProperty("bearer").GetProperty("scheme").GetString()));
        var anonymous = Operations(document).Where(o => o.Operation.GetProperty("security").GetArrayLength() == 0).Select(o => o.Name).ToList();
        Assert.Equal(["POST /v1/session"], anonymous);
        Assert.All(Operations(document).Where(o => o.Name != "POST /v1/session"), o => Assert.Equal(
            ["cookie", "bearer"], o.Operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject()).Select(s => s.Name)));
    }

    [Fact]
    public async Task TheProblemCodeListsEveryErrorCodeOfTheCatalog()
    {
        var document = await DocumentAsync();

        var codes = document.GetProperty("components").GetProperty("schemas").GetProperty("ErrorCode").GetProperty("enum").EnumerateArray().Select(c => c.GetString());

        Assert.Equal(ErrorCodes.All.Select(c => c.Code).Distinct().Order(StringComparer.Ordinal), codes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheProblemAnswersFollowEachOperationsShape()
    {
        var document = await DocumentAsync();
        IEnumerable<string> Statuses(string name) => Operations(document).Single(o => o.Name == name).Operation.GetProperty("responses").EnumerateObject().Select(r => r.Name);

        // A learner's write: its id may be unknown, its state may conflict, it is size- and rate-limited and takes JSON only.
        Assert.Equal(["200", "400", "401", "403", "404", "409", "413", "415", "429", "503"], Statuses("POST /v1/courses/{id}/progress/complete"));
        // A read without input cannot be invalid or unknown; a person's own is refused to an API token (the Person policy).
        Assert.Equal(["200", "401", "403", "503"], Statuses("GET /v1/me"));
        // An admin's read: refused to other roles.
        Assert.Equal(["200", "400", "401", "403", "404", "503"], Statuses("GET /v1/reports/courses/{id}"));
        // Declared by the endpoint: someone else's transcript, an expired export.
        Assert.Contains("403", Statuses("GET /v1/users/{id}/transcript"));
        Assert.Contains("410", Statuses("GET /v1/courses/{id}/exports/{exportId}/download"));
        // The ZIP upload is binary, so it is never refused as not JSON.
        var import = Operations(document).Single(o => o.Name == "POST /v1/courses/import").Operation;
        Assert.DoesNotContain("415", Statuses("POST /v1/courses/import"));
        Assert.Equal("binary", import.GetProperty("requestBody").GetProperty("content").GetProperty("application/zip").GetProperty("schema").GetProperty("format").GetString());
    }

    [Fact]
    public async Task ADownloadAndItsJsonPageAreBothDocumented()
    {
        var document = await DocumentAsync();

        var ok = Operations(document).Single(o => o.Name == "GET /v1/packages/{id}/enrollments").Operation.GetProperty("responses").GetProperty("200").GetProperty("content");

        Assert.Equal(["application/json", "text/csv"], ok.EnumerateObject().Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Equal("array", ok.GetProperty("application/json").GetProperty("schema").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ARefusalAnswersWhatTheProblemSchemaSays()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var required = schemas.GetProperty("Problem").GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToList();
        var codes = schemas.GetProperty("ErrorCode").GetProperty("enum").EnumerateArray().Select(c => c.GetString()).ToHashSet();
        var author = factory.CreateClient();
        await author.SignInThroughApiAsync("author@demo.local");

        using var refused = await author.PostAsJsonAsync(new Uri("/v1/courses", UriKind.Relative), new { id = "Not An Id", title = "" });
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.All(required, r => Assert.True(problem.TryGetProperty(r, out _), $"the problem lacks {r}"));
        Assert.Contains(problem.GetProperty("code").GetString(), codes);
        Assert.All(problem.GetProperty("errors").EnumerateArray(), e =>
        {
            Assert.Contains(e.GetProperty("code").GetString(), codes);
            Assert.False(string.IsNullOrEmpty(e.GetProperty("field").GetString()));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString()));
        });
    }

    [Fact]
    public async Task NeitherTheDashboardNorTheHealthChecksAreInTheDocument()
    {
        var document = await DocumentAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.DoesNotContain(paths, p => p.StartsWith("/admin", StringComparison.Ordinal) || p.StartsWith("/health", StringComparison.Ordinal));
        Assert.All(paths, p => Assert.StartsWith("/v1/", p, StringComparison.Ordinal));
    }

    private async Task<JsonElement> DocumentAsync() =>
        await factory.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch")
            .Select(o => ($"{o.Name.ToUpperInvariant()} {p.Name}", o.Value)));
}
