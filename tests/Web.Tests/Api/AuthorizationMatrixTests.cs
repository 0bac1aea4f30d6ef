using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Api;

/// <summary>Who may call what, checked over every /v1 endpoint the OpenAPI document lists, so a new
/// endpoint is covered the day it is added.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class AuthorizationMatrixTests(LocalModeFactory factory)
{
    // Endpoints a learner may not call (author, approver and admin ones), by method and route template.
    private static readonly HashSet<string> RefusedToLearners =
    [
        "POST /v1/courses", "PUT /v1/courses/{id}", "DELETE /v1/courses/{id}/draft", "GET /v1/courses/{id}/versions",
        "POST /v1/courses/{id}/publish",
        "POST /v1/packages", "PUT /v1/packages/{id}/draft", "POST /v1/packages/{id}/versions", "DELETE /v1/packages/{id}/draft",
        "GET /v1/packages/{id}/versions", "GET /v1/packages/{id}/diff", "POST /v1/packages/{id}/publish",
        "POST /v1/users", "PUT /v1/users/{id}/roles", "GET /v1/reports/packages/{id}", "GET /v1/events", "GET /v1/events/xapi",
        "POST /v1/courses/{id}/exports", "GET /v1/courses/{id}/exports/{exportId}", "GET /v1/courses/{id}/exports/{exportId}/download",
        "POST /v1/courses/import", "GET /v1/packages/{id}/enrollments", "GET /v1/reports/courses/{id}",
        "POST /v1/users/{userId}/courses/{courseId}/lessons/{lessonId}/attempts/grants",
        "POST /v1/courses/{id}/archive", "POST /v1/packages/{id}/archive", "DELETE /v1/courses/{id}/schedule", "DELETE /v1/packages/{id}/schedule",
        // Managers are not a role: the demo learner has nobody below them, so may not assign; only admins set managers.
        "PUT /v1/users/{id}/manager", "POST /v1/packages/{id}/assignments",
        "POST /v1/tokens", "GET /v1/tokens", "DELETE /v1/tokens/{id}",
        "GET /v1/mail/failed", "POST /v1/mail/failed/resend",
        "GET /v1/courses/{id}/diff", "GET /v1/packages/{id}/preview", "GET /v1/requirement-groups", "PUT /v1/requirement-groups/{id}",
        "GET /v1/users", "GET /v1/users/{id}", "PUT /v1/users/{id}/profile", "POST /v1/users/{id}/deactivate", "POST /v1/users/{id}/reactivate",
        "POST /v1/users/{id}/credits", "POST /v1/imports/completions", "POST /v1/packages/{id}/moves", "GET /v1/moves/{moveId}",
        "POST /v1/webhooks", "GET /v1/webhooks", "GET /v1/webhooks/{id}", "DELETE /v1/webhooks/{id}", "GET /v1/webhooks/{id}/deliveries",
        "POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver", "GET /v1/xapi-forwarding", "PUT /v1/xapi-forwarding",
    ];

    // An admin's corrections to learners' records and moves: refused to authors and approvers too, and taken from an admin's token.
    private static readonly string[] AdminOnly = ["POST /v1/users/{id}/credits", "POST /v1/imports/completions", "POST /v1/packages/{id}/moves"];

    // What belongs to a person: an API token of any role is refused these (and never manages tokens).
    private static readonly HashSet<string> PeopleOnly =
    [
        "GET /v1/me", "GET /v1/me/profile", "PUT /v1/me/profile", "GET /v1/me/enrollments", "GET /v1/me/team",
        "POST /v1/courses/{id}/start", "GET /v1/courses/{id}/progress", "POST /v1/courses/{id}/progress/complete",
        "POST /v1/courses/{id}/lessons/{lessonId}/attempts",
        "POST /v1/tokens", "GET /v1/tokens", "DELETE /v1/tokens/{id}",
    ];

    // Endpoints an author (Contributor) may not call either: an approver's decisions.
    private static readonly string[] ApproverOnly =
    [
        "POST /v1/courses/{id}/publish", "POST /v1/packages/{id}/publish", "POST /v1/courses/{id}/archive", "POST /v1/packages/{id}/archive",
        "DELETE /v1/courses/{id}/schedule", "DELETE /v1/packages/{id}/schedule",
    ];

    [Fact]
    public async Task TheOpenApiDocumentListsTheApi()
    {
        var endpoints = await EndpointsAsync();

        Assert.Contains("POST /v1/session", endpoints);
        Assert.Contains("GET /v1/packages/{id}/diff", endpoints);
        Assert.Contains("POST /v1/courses/{id}/lessons/{lessonId}/attempts", endpoints);
    }

    [Fact]
    public async Task EveryEndpointButSignInNeedsASignedInUser()
    {
        var client = factory.CreateClient();

        foreach (var endpoint in (await EndpointsAsync()).Where(e => e != "POST /v1/session"))
        {
            using var response = await SendAsync(client, endpoint);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint} answered {(int)response.StatusCode} to an anonymous caller");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task ALearnerIsRefusedEveryAuthorEndpoint()
    {
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync("learner@demo.local");
        var endpoints = await EndpointsAsync();
        Assert.Superset(RefusedToLearners, endpoints.ToHashSet());

        foreach (var endpoint in RefusedToLearners)
        {
            using var response = await SendAsync(client, endpoint);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{endpoint} answered {(int)response.StatusCode} to a learner");
        }
    }

    [Fact]
    public async Task OnlyAnAdminMayGrantAnotherAssessmentAttempt()
    {
        foreach (var email in new[] { "author@demo.local", "approver@demo.local" })
        {
            var client = factory.CreateClient();
            await client.SignInThroughApiAsync(email);

            using var response = await SendAsync(client, "POST /v1/users/{userId}/courses/{courseId}/lessons/{lessonId}/attempts/grants");

            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{email} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task OnlyAnAdminSetsAManagerAndOnlyAnAdminOrAManagerAssignsAPackage()
    {
        Assert.Contains("POST /v1/packages/{id}/assignments", await EndpointsAsync());
        foreach (var email in new[] { "author@demo.local", "approver@demo.local" })
        {
            var client = factory.CreateClient();
            await client.SignInThroughApiAsync(email);

            using var manager = await SendAsync(client, "PUT /v1/users/{id}/manager");
            using var assignment = await SendAsync(client, "POST /v1/packages/{id}/assignments");

            Assert.True(manager.StatusCode == HttpStatusCode.Forbidden, $"setting a manager answered {(int)manager.StatusCode} to {email}");
            Assert.True(assignment.StatusCode == HttpStatusCode.Forbidden, $"assigning answered {(int)assignment.StatusCode} to {email}, who has no reports");
        }

        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        using var created = await admin.PostAsJsonAsync(new Uri("/v1/users", UriKind.Relative),
            new { email = $"m{Guid.NewGuid():N}@example.com", firstName = "Any", lastName = "One", roles = new[] { "Learner" } });
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString();
        using var byAdmin = await admin.PostAsJsonAsync(new Uri("/v1/packages/security-basics/assignments", UriKind.Relative), new { userIds = new[] { userId } });
        var learner = factory.CreateClient();
        await learner.SignInThroughApiAsync("learner@demo.local");
        using var team = await learner.GetAsync(new Uri("/v1/me/team", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, team.StatusCode);
        Assert.Equal(0, (await team.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task OnlyAnAdminOrAnAdminTokenGrantsCreditImportsOrMovesLearners()
    {
        Assert.Superset(AdminOnly.ToHashSet(), (await EndpointsAsync()).ToHashSet());
        foreach (var email in new[] { "author@demo.local", "approver@demo.local" })
        {
            var client = factory.CreateClient();
            await client.SignInThroughApiAsync(email);
            foreach (var endpoint in AdminOnly)
            {
                using var response = await SendAsync(client, endpoint);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{endpoint} answered {(int)response.StatusCode} to {email}");
            }
        }

        // The sample request is not a valid one: an admin's is refused for its input (or its media type), never for the role.
        foreach (var client in new[] { await TokenClientAsync("Admin"), await SignedInAsync("admin@demo.local") })
        {
            foreach (var endpoint in AdminOnly)
            {
                using var response = await SendAsync(client, endpoint);
                Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.NotFound,
                    $"{endpoint} answered {(int)response.StatusCode} to an admin");
            }
        }
    }

    [Fact]
    public async Task AnAuthorMayNotPublishButAnApproverMay()
    {
        var author = factory.CreateClient();
        await author.SignInThroughApiAsync("author@demo.local");

        using var response = await SendAsync(author, "POST /v1/courses/{id}/publish");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AnAuthorMayNotPublishArchiveOrCancelAScheduledPublishAndTheDemoCourseStaysActive()
    {
        var author = factory.CreateClient();
        await author.SignInThroughApiAsync("author@demo.local");
        Assert.Superset(ApproverOnly.ToHashSet(), (await EndpointsAsync()).ToHashSet());

        foreach (var endpoint in ApproverOnly)
        {
            using var response = await SendAsync(author, endpoint);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{endpoint} answered {(int)response.StatusCode} to an author");
        }

        var courses = await author.GetFromJsonAsync<JsonElement>(new Uri("/v1/courses", UriKind.Relative));
        Assert.Contains(courses.EnumerateArray(), c => c.GetProperty("id").GetString() == "phishing-awareness");
    }

    [Fact]
    public async Task EveryEndpointButSignInRefusesAnUnknownBearerTokenWithItsCode()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "cpt_" + new string('Q', 43));

        foreach (var endpoint in (await EndpointsAsync()).Where(e => e != "POST /v1/session"))
        {
            using var response = await SendAsync(client, endpoint);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint} answered {(int)response.StatusCode} to an unknown token");
            Assert.Equal("invalid_token", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task ALearnerTokenIsRefusedEveryAuthorEndpointAndEveryPersonsOwn()
    {
        var client = await TokenClientAsync("Learner");
        var endpoints = await EndpointsAsync();
        Assert.Superset(PeopleOnly, endpoints.ToHashSet());

        foreach (var endpoint in RefusedToLearners.Union(PeopleOnly))
        {
            using var response = await SendAsync(client, endpoint);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{endpoint} answered {(int)response.StatusCode} to a learner token");
        }
    }

    [Fact]
    public async Task AnAdminTokenReadsEverythingAnAdminReadsButAPersonsOwn()
    {
        var cookie = factory.CreateClient();
        await cookie.SignInThroughApiAsync("admin@demo.local");
        var token = await TokenClientAsync("Admin");

        foreach (var endpoint in (await EndpointsAsync()).Where(e => e.StartsWith("GET ", StringComparison.Ordinal)))
        {
            using var asPerson = await SendAsync(cookie, endpoint);
            using var asToken = await SendAsync(token, endpoint);
            var expected = PeopleOnly.Contains(endpoint) ? HttpStatusCode.Forbidden : asPerson.StatusCode;
            Assert.True(asToken.StatusCode == expected, $"{endpoint} answered {(int)asToken.StatusCode} to an admin token, {(int)asPerson.StatusCode} to an admin");
        }
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync(email);
        return client;
    }

    private async Task<HttpClient> TokenClientAsync(string role)
    {
        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        using var created = await admin.PostAsJsonAsync(new Uri("/v1/tokens", UriKind.Relative), new { name = $"Matrix {role}", role });
        created.EnsureSuccessStatusCode();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        return client;
    }

    private async Task<List<string>> EndpointsAsync()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        return [.. document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/v1/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))];
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string endpoint)
    {
        var (method, template) = (endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)], endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        var path = template.Replace("{id}", "phishing-awareness", StringComparison.Ordinal).Replace("{lessonId}", "quiz", StringComparison.Ordinal)
            .Replace("{exportId}", "none", StringComparison.Ordinal).Replace("{courseId}", "phishing-awareness", StringComparison.Ordinal)
            .Replace("{userId}", "someone", StringComparison.Ordinal).Replace("{moveId}", "move-none", StringComparison.Ordinal)
            .Replace("{deliveryId}", "1", StringComparison.Ordinal)
            + (template.EndsWith("/diff", StringComparison.Ordinal) ? "?from=1&to=1"
                : template.EndsWith("/events", StringComparison.Ordinal) ? "?userId=x"
                : template.EndsWith("/import", StringComparison.Ordinal) ? "?courseId=x" : "");
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { });
        }

        return client.SendAsync(request);
    }
}
