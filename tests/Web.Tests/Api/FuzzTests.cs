using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace CoursePortal.Web.Tests.Api;

/// <summary>
/// Thousands of malformed requests to every /v1 endpoint the OpenAPI document lists, each as the role the endpoint is
/// for: truncated and ill-typed JSON, huge strings, deep nesting, deep requirement trees, ids with path and control
/// characters, unicode edge cases, wrong content types and an oversized body. Every answer is below 500, and nothing
/// changed: the learning events, the catalog and the packages are the same afterwards. Run in Development (as
/// <c>dotnet run</c> starts the portal, where the framework throws on a malformed request) and in Production, half
/// the cases each; a portal of its own each time, so no other test's writes interfere.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Cases = 5_000;

    // Kestrel's default request body limit.
    private const long MaxRequestBody = 30_000_000;

    // Ids that name nothing, or cannot be ids at all; never a real one, so no case can change anything.
    private static readonly string[] BadIds =
    [
        "..", "../../etc/passwd", "%2e%2e%2f%2e%2e%2f", "a%2Fb", "%00", "nul%00byte", "%0d%0aSet-Cookie:%20x=1", "%09", "%7F",
        new string('a', 5000), "%C3%BC-unicode", "%F0%9F%8E%93", "%E2%80%AE-rtl", "e%CC%81", "%EF%BB%BF", "CON", "%20", "-", "_",
        "UPPER-CASE", "%FF%FE", "%ED%A0%80", "'or'1'='1", "<script>", "${jndi:ldap://x}", "0", "-1", "99999999999999999999",
    ];

    private static readonly string[] BadQueries =
    [
        "version=abc", "version=-1", "version=99999999999", "asOf=not-a-date", "asOf=9999-99-99", "knownAsOf=yesterday", "knownAsOf=0001-01-01T00:00:00Z", "from=2026-13-01", "limit=-5",
        "limit=999999999", "after=%00garbage", "format=%00", "kind=" + new string('k', 5000), "from=1&to=0", "version=1e9", "status=%FF",
    ];

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task ThousandsOfMalformedRequestsGetFourHundredsAndChangeNothing(string environment)
    {
        // The in-memory test server refuses some of these requests before they are sent (a %00 in the path), and its
        // limits are not the server's: real Kestrel.
        using var portal = new LocalPortal(environment, kestrel: true);
        var endpoints = await EndpointsAsync(portal);
        var clients = new Dictionary<string, HttpClient>();
        foreach (var email in new[] { "learner@demo.local", "author@demo.local", "approver@demo.local", "admin@demo.local" })
        {
            var client = portal.CreateClient();
            await client.SignInThroughApiAsync(email);
            clients[email] = client;
        }

        var before = await SnapshotAsync(clients["admin@demo.local"]);
        // Each environment gets cases of its own: together they are the ten thousand of one run before.
        var random = new Random(environment == "Development" ? 20261124 : 20261125);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        for (var i = 0; i < Cases; i++)
        {
            var (method, template) = endpoints[i % endpoints.Count];
            var client = clients[RoleFor(method, template)];
            using var request = Mutate(method, template, random, i / endpoints.Count);
            var description = $"{request.Method} {Shorten(request.RequestUri!.OriginalString)} ({request.Content?.Headers.ContentType?.MediaType ?? "no body"}, {request.Content?.Headers.ContentLength ?? 0} bytes)";
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (HttpRequestException ex)
            {
                // No answer at all is a failure too, except for a body over the server's limit: Kestrel answers 413 and
                // may close the connection while the client still sends.
                statuses[0] = statuses.GetValueOrDefault(0) + 1;
                if (request.Content?.Headers.ContentLength <= MaxRequestBody)
                {
                    failures.Add($"no answer for {description}: {ex.Message}");
                }

                continue;
            }

            using (response)
            {
                statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{(int)response.StatusCode} for {description}: {Shorten(await response.Content.ReadAsStringAsync())}");
                }
            }
        }

        var after = await SnapshotAsync(clients["admin@demo.local"]);
        output.WriteLine($"{environment}: {Cases} cases over {endpoints.Count} endpoints; answers: {string.Join(", ", statuses.Select(s => $"{s.Value} × {s.Key}"))}");
        Assert.True(failures.Count == 0, $"{failures.Count} answers of 500 or more:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(20))}");
        Assert.Equal(before, after);
    }

    // Endpoints whose every answer to a malformed body is a refusal, so they are also fuzzed with real ids. Elsewhere a
    // body that binds to nothing could still be a valid request (an optional body, a body-less command): ids stay bad.
    private static readonly HashSet<string> RealIdsWithMalformedBodies =
    [
        "PUT /v1/courses/{id}", "PUT /v1/packages/{id}/draft", "POST /v1/courses/{id}/progress/complete", "POST /v1/courses/{id}/lessons/{lessonId}/attempts",
    ];

    private static HttpRequestMessage Mutate(string method, string template, Random random, int round)
    {
        var hasBody = method is "POST" or "PUT";
        var badIds = !RealIdsWithMalformedBodies.Contains($"{method} {template}") || random.Next(3) == 0;
        var path = template
            .Replace("{id}", badIds ? BadIds[random.Next(BadIds.Length)] : Real(template), StringComparison.Ordinal)
            .Replace("{lessonId}", badIds ? BadIds[random.Next(BadIds.Length)] : "what-is-phishing", StringComparison.Ordinal)
            .Replace("{exportId}", BadIds[random.Next(BadIds.Length)], StringComparison.Ordinal);
        if (random.Next(4) == 0)
        {
            path += "?" + BadQueries[random.Next(BadQueries.Length)];
        }

        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (hasBody)
        {
            request.Content = BadBody(random, round, malformedOnly: !badIds);
            // A large body waits for the server's go-ahead: a request refused before its body is read (bad id, no
            // rights) then gets its answer instead of a connection closed under the sender.
            request.Headers.ExpectContinue = request.Content.Headers.ContentLength > 64 * 1024;
        }

        return request;
    }

    private static HttpContent BadBody(Random random, int round, bool malformedOnly)
    {
        static HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");
        var shapes = new Func<HttpContent>[]
        {
            () => Json(TruncatedDocument()[..random.Next(1, TruncatedDocument().Length - 1)]),
            () => Json("{\"id\": 42, \"title\": [], \"modules\": {\"x\": true}, \"lessonId\": {}, \"roles\": \"Admin\", \"requirement\": 7}"),
            () => Json("[1, 2, 3]"),
            () => Json("\"just a string\""),
            () => Json("null"),
            () => Json("{\"title\": \"" + new string('x', 1_000_000) + "\", \"lessonId\": \"" + new string('y', 100_000) + "\"}"),
            () => Json(new string('[', 10_000) + new string(']', 10_000)),
            () => Json(DeepRequirement(200)),
            () => Json("{\"id\": \"ok\u0000id\", \"title\": \"\uD800\", \"email\": \"\u202Eadmin@x\", \"name\": \"\uFEFF\"}"),
            () => Json("{\"id\": \"\\ud800\", \"title\": \"\\u0000\", \"lessonId\": \"..\\/..\\/etc\"}"),
            () => new ByteArrayContent([.. Enumerable.Range(0, random.Next(1, 4096)).Select(_ => (byte)random.Next(256))]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            () => new StringContent("lessonId=l1&roles=Admin", Encoding.UTF8, "application/x-www-form-urlencoded"),
            () => new StringContent("{\"lessonId\": \"l1\"}", Encoding.UTF8, "text/plain"),
            () => Json(""),
            () => Json("{\"a\":1,\"a\":2," + string.Join(',', Enumerable.Range(0, 50_000).Select(n => $"\"k{n}\":{n}")) + "}"),
        };
        // Shapes no JSON binding accepts: unparsable, the wrong kind of value, or not JSON at all.
        int[] malformed = [0, 1, 2, 3, 4, 6, 10, 11, 12, 13];
        // Now and then an oversized body: 31 MB is over the server's limit.
        return round % 50 == 7 && random.Next(20) == 0 ? Json("{\"title\": \"" + new string('z', 31 * 1024 * 1024) + "\"}")
            : shapes[malformedOnly ? malformed[random.Next(malformed.Length)] : random.Next(shapes.Length)]();
    }

    private static string TruncatedDocument() =>
        "{\"id\": \"fuzz-course\", \"title\": \"Fuzz\", \"modules\": [{\"id\": \"m\", \"title\": \"M\", \"lessons\": [{\"id\": \"l\", \"title\": \"L\", \"type\": \"content\", \"required\": true, \"markdown\": \"x\"}]}], \"requirement\": {\"set\": \"all\", \"items\": [{\"course\": \"phishing-awareness\"}]}, \"email\": \"fuzz@x.test\", \"roles\": [\"Learner\"], \"lessonId\": \"what-is-phishing\"}";

    private static string DeepRequirement(int depth)
    {
        var json = new StringBuilder("{\"id\": \"fuzz-deep\", \"name\": \"Deep\", \"requirement\": ");
        for (var i = 0; i < depth; i++)
        {
            json.Append("{\"set\": \"all\", \"items\": [");
        }

        json.Append("{\"course\": \"phishing-awareness\"}");
        for (var i = 0; i < depth; i++)
        {
            json.Append("]}");
        }

        return json.Append('}').ToString();
    }

    private static string Real(string template) => template.StartsWith("/v1/packages", StringComparison.Ordinal) ? "security-basics"
        : template.StartsWith("/v1/users", StringComparison.Ordinal) ? "no-such-user" : "phishing-awareness";

    // Each endpoint is fuzzed as the role it is for, so the requests reach the code past authorization.
    private static string RoleFor(string method, string template) =>
        template.EndsWith("/publish", StringComparison.Ordinal) || template.EndsWith("/archive", StringComparison.Ordinal)
            || template.EndsWith("/schedule", StringComparison.Ordinal) ? "approver@demo.local"
        : template.StartsWith("/v1/users", StringComparison.Ordinal) || template.StartsWith("/v1/reports", StringComparison.Ordinal)
            || template.StartsWith("/v1/events", StringComparison.Ordinal) || (template.EndsWith("/enrollments", StringComparison.Ordinal) && method == "GET")
            ? "admin@demo.local"
        : template.Contains("/exports", StringComparison.Ordinal) || template.EndsWith("/import", StringComparison.Ordinal) || template.EndsWith("/versions", StringComparison.Ordinal)
            || template.EndsWith("/diff", StringComparison.Ordinal) || template.EndsWith("/draft", StringComparison.Ordinal)
            || (method is "POST" or "PUT" && template is "/v1/courses" or "/v1/packages" or "/v1/courses/{id}")
            ? "author@demo.local"
        : "learner@demo.local";

    /// <summary>What a change would show in: every learning event, the catalog, the packages.</summary>
    private static async Task<string> SnapshotAsync(HttpClient admin)
    {
        // Deliveries of the portal's own start-up (demo data) land first.
        string events;
        var previous = "";
        while ((events = await AllEventsAsync(admin)) != previous)
        {
            previous = events;
            await Task.Delay(500);
        }

        return events + await admin.GetStringAsync(new Uri("/v1/courses", UriKind.Relative)) + await admin.GetStringAsync(new Uri("/v1/packages", UriKind.Relative));
    }

    private static async Task<string> AllEventsAsync(HttpClient admin)
    {
        var pages = new StringBuilder();
        string? after = null;
        do
        {
            var page = await admin.GetFromJsonAsync<JsonElement>(new Uri($"/v1/events?limit=500{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}", UriKind.Relative));
            pages.Append(page.GetProperty("events").GetRawText());
            after = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (after is not null);

        return pages.ToString();
    }

    private static async Task<List<(string Method, string Template)>> EndpointsAsync(LocalPortal portal)
    {
        var document = await portal.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        return [.. document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/v1/", StringComparison.Ordinal) && p.Name != "/v1/session")
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (m.Name.ToUpperInvariant(), p.Name)))];
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
