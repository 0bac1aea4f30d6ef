using System.Net;
using AngleSharp;
using AngleSharp.Html.Dom;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Integration.Tests.Infrastructure;

namespace CoursePortal.Integration.Tests;

/// <summary>
/// /v1/webhooks and /v1/xapi-forwarding on the web as a client of a PostgreSQL-backed silo: who may register (admins,
/// people or Admin tokens; not a lower role's token, not a learner), what is refused (a URL that is not absolute http(s),
/// an unknown kind, a short secret) with nothing stored, the secret shown once, the log paged, redelivery, removal; and
/// the xAPI target receiving batches of statements with its Basic credentials.
/// </summary>
public sealed class WebhookApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["Webhooks:PollInterval"] = "00:00:00.200",
        ["Webhooks:FirstRetryDelay"] = "00:00:00.200",
        ["Webhooks:MaxRetryDelay"] = "00:00:01",
    };

    private readonly PostgresDatabase _database = new();
    private readonly (string Cluster, string Service) _identity = ($"cluster-{Guid.NewGuid():N}"[..20], $"service-{Guid.NewGuid():N}"[..20]);
    private RealSilo _silo = null!;
    private ClientModeWebFactory Web { get; set; } = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _silo = await RealSilo.StartAsync(_database.ConnectionString, _identity.Cluster, _identity.Service, settings: Fast);
        Web = new ClientModeWebFactory(_database.ConnectionString, _identity.Cluster, _identity.Service);
    }

    public async Task DisposeAsync()
    {
        await Web.DisposeAsync();
        await _silo.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ALearnerOrATokenOfALowerRoleCannotRegisterAWebhookAndNothingIsStored()
    {
        var admin = await Web.SignedInClientAsync();
        var body = new { url = "https://receiver.example.com/hook", eventKinds = new[] { "enrolled" } };
        var callers = new List<(string Who, HttpClient Client, HttpStatusCode Expected)> { ("anonymous", Web.CreateClient(), HttpStatusCode.Unauthorized) };
        foreach (var role in new[] { "Learner", "Contributor", "Approver" })
        {
            callers.Add(($"a {role} token", await TokenClientAsync(admin, role), HttpStatusCode.Forbidden));
        }

        var email = $"l{Guid.NewGuid():N}"[..12] + "@example.com";
        (await admin.PostAsJsonAsync(new Uri("/v1/users", UriKind.Relative), new { email, firstName = "Lea", lastName = "Rner", password = "Learner-Password-1", roles = new[] { "Learner" } })).EnsureSuccessStatusCode();
        var learner = Web.CreateClient();
        (await learner.PostAsJsonAsync(new Uri("/v1/session", UriKind.Relative), new { email, password = "Learner-Password-1" })).EnsureSuccessStatusCode();
        callers.Add(("a learner", learner, HttpStatusCode.Forbidden));

        foreach (var (who, client, expected) in callers)
        {
            using var created = await client.PostAsJsonAsync(new Uri("/v1/webhooks", UriKind.Relative), body);
            using var xapi = await client.PutAsJsonAsync(new Uri("/v1/xapi-forwarding", UriKind.Relative), new { enabled = true, endpoint = "https://lrs.example.com/xapi", key = "k", secret = "s" });
            using var listed = await client.GetAsync(new Uri("/v1/webhooks", UriKind.Relative));
            Assert.True(created.StatusCode == expected, $"{who} registering answered {(int)created.StatusCode}");
            Assert.True(xapi.StatusCode == expected, $"{who} setting xAPI forwarding answered {(int)xapi.StatusCode}");
            Assert.True(listed.StatusCode == expected, $"{who} listing answered {(int)listed.StatusCode}");
        }

        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM webhook_subscriptions"));
    }

    [Fact]
    public async Task ABadUrlAnUnknownKindOrAShortSecretIsRefusedWithItsCodeAndNothingIsStored()
    {
        var admin = await Web.SignedInClientAsync();
        (object Body, string Code, string Field)[] attacks =
        [
            (new { url = "ftp://receiver.example.com/hook" }, "invalid_url", "url"),
            (new { url = "/hook" }, "invalid_url", "url"),
            (new { url = "javascript:alert(1)" }, "invalid_url", "url"),
            (new { url = "https://user:password@receiver.example.com/hook" }, "invalid_url", "url"),
            (new { url = "" }, "invalid_url", "url"),
            (new { url = "https://receiver.example.com/hook", eventKinds = new[] { "enrolled", "everything" } }, "invalid_kind", "eventKinds[1]"),
            (new { url = "https://receiver.example.com/hook", secret = "short" }, "out_of_range", "secret"),
        ];

        foreach (var (body, code, field) in attacks)
        {
            using var refused = await admin.PostAsJsonAsync(new Uri("/v1/webhooks", UriKind.Relative), body);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(code, problem.GetProperty("code").GetString());
            Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        }

        using var badLrs = await admin.PutAsJsonAsync(new Uri("/v1/xapi-forwarding", UriKind.Relative), new { enabled = true, endpoint = "lrs.example.com", key = "k", secret = "s" });
        Assert.Equal(HttpStatusCode.BadRequest, badLrs.StatusCode);
        Assert.Equal("invalid_url", (await badLrs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM webhook_subscriptions"));
    }

    [Fact]
    public async Task AnAdminTokenRegistersAWebhookWhoseGeneratedSecretIsShownOnceThenPagesItsLogRedeliversAndRemovesIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync("");
        var admin = await TokenClientAsync(await Web.SignedInClientAsync(), "Admin");
        using var created = await admin.PostAsJsonAsync(new Uri("/v1/webhooks", UriKind.Relative), new { url = receiver.Url, eventKinds = new[] { "lesson_completed" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var webhook = await created.Content.ReadFromJsonAsync<JsonElement>();
        var (id, secret) = (webhook.GetProperty("id").GetString()!, webhook.GetProperty("secret").GetString()!);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        receiver.Secret = secret;
        var listed = await admin.GetStringAsync(new Uri("/v1/webhooks", UriKind.Relative));
        Assert.Contains(id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await admin.GetStringAsync(new Uri($"/v1/webhooks/{id}", UriKind.Relative)), StringComparison.Ordinal);

        var learner = $"api-{Guid.NewGuid():N}"[..16];
        var ids = await WebhookDeliveryTests.InsertEventsAsync(_database,
            [.. Enumerable.Range(0, 5).Select(i => (learner, i == 2 ? LearningEventKinds.CourseStarted : LearningEventKinds.LessonCompleted, DateTimeOffset.UtcNow))]);
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Accepted.Count >= 4), Deadline, "the four lesson completions arrive");
        Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));
        Assert.Equal(ids.Where((_, i) => i != 2).Select(g => g.ToString()), receiver.Accepted.Select(r => r.EventId));

        var first = await admin.GetFromJsonAsync<JsonElement>(new Uri($"/v1/webhooks/{id}/deliveries?limit=3", UriKind.Relative));
        var next = first.GetProperty("next").GetInt64();
        var second = await admin.GetFromJsonAsync<JsonElement>(new Uri($"/v1/webhooks/{id}/deliveries?limit=3&before={next}", UriKind.Relative));
        var log = first.GetProperty("deliveries").EnumerateArray().Concat(second.GetProperty("deliveries").EnumerateArray()).ToList();
        Assert.Equal(4, log.Count);
        Assert.Equal(ids.Where((_, i) => i != 2).Reverse().Select(g => g.ToString()), log.Select(d => d.GetProperty("eventId").GetString()));
        Assert.All(log, d => Assert.Equal("delivered", d.GetProperty("status").GetString()));

        var oldest = log[^1].GetProperty("id").GetInt64();
        using var redelivered = await admin.PostAsJsonAsync(new Uri($"/v1/webhooks/{id}/deliveries/{oldest}/redeliver", UriKind.Relative), new { });
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Accepted.Count >= 5), Deadline, "the redelivery arrives");
        Assert.Equal(ids[0].ToString(), receiver.Accepted[4].EventId);

        using var unknown = await admin.PostAsJsonAsync(new Uri($"/v1/webhooks/{id}/deliveries/999999/redeliver", UriKind.Relative), new { });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var removed = await admin.DeleteAsync(new Uri($"/v1/webhooks/{id}", UriKind.Relative));
        Assert.Equal("removed", (await removed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        using var afterRemoval = await admin.PostAsJsonAsync(new Uri($"/v1/webhooks/{id}/deliveries/{oldest}/redeliver", UriKind.Relative), new { });
        Assert.Equal(HttpStatusCode.Conflict, afterRemoval.StatusCode);
        Assert.Equal("webhook_removed", (await afterRemoval.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task TheXapiTargetReceivesEveryStatementInBatchesWithItsBasicCredentialsInOrderPerLearner()
    {
        await using var lrs = await WebhookReceiver.StartAsync("");
        var admin = await Web.SignedInClientAsync();
        var endpoint = lrs.Url.Replace("/hook", "/xapi", StringComparison.Ordinal);
        using var set = await admin.PutAsJsonAsync(new Uri("/v1/xapi-forwarding", UriKind.Relative), new { enabled = true, endpoint = endpoint + "/", key = "lrs-key", secret = "lrs-secret" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var shown = await admin.GetStringAsync(new Uri("/v1/xapi-forwarding", UriKind.Relative));
        Assert.DoesNotContain("lrs-secret", shown, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(shown).RootElement.GetProperty("hasSecret").GetBoolean());

        // 60 learners with two events each: more heads than one batch holds.
        var learners = Enumerable.Range(0, 60).Select(i => $"x{i:00}-{Guid.NewGuid():N}"[..12]).ToList();
        var written = learners.Select(l => (l, LearningEventKinds.CourseStarted, DateTimeOffset.UtcNow)).Concat(learners.Select(l => (l, LearningEventKinds.LessonCompleted, DateTimeOffset.UtcNow))).ToList();
        var ids = await WebhookDeliveryTests.InsertEventsAsync(_database, written);
        var statements = new List<JsonElement>();
        await Eventually.HoldsAsync(() =>
        {
            statements = [.. lrs.Accepted.SelectMany(r => JsonDocument.Parse(r.Body).RootElement.EnumerateArray())];
            return Task.FromResult(statements.Select(s => s.GetProperty("id").GetString()).Distinct().Count() >= 120);
        }, Deadline, "every statement reaches the LRS");

        Assert.Equal(ids.Select(i => i.ToString()).Order(StringComparer.Ordinal), statements.Select(s => s.GetProperty("id").GetString()!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(lrs.Received, r =>
        {
            Assert.Equal("/xapi/statements", r.Path);
            Assert.Equal("1.0.3", r.XapiVersion);
            Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("lrs-key:lrs-secret")), r.Authorization);
            Assert.InRange(JsonDocument.Parse(r.Body).RootElement.GetArrayLength(), 1, 50);
        });
        foreach (var learner in learners)
        {
            var verbs = statements.Where(s => s.GetProperty("actor").GetProperty("account").GetProperty("name").GetString() == learner)
                .Select(s => s.GetProperty("verb").GetProperty("id").GetString()).Distinct().ToList();
            Assert.Equal(["http://adlnet.gov/expapi/verbs/launched", "http://adlnet.gov/expapi/verbs/completed"], verbs);
        }

        var verdicts = await CoursePortal.Web.Tests.Api.XapiValidator.ValidateAsync(new System.Text.Json.Nodes.JsonArray(
            [.. statements.Select(s => System.Text.Json.Nodes.JsonNode.Parse(s.GetRawText()))]).ToJsonString());
        Assert.Equal(statements.Count, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.Errors.Count == 0, $"the validator refused {v.Id}: {string.Join("; ", v.Errors)}"));
    }

    [Fact]
    public async Task TheAdminPageRegistersAWebhookShowingItsSecretOnceRefusesABadUrlRemovesItAndSetsTheXapiTarget()
    {
        await using var receiver = await WebhookReceiver.StartAsync("");
        var admin = await Web.SignedInClientAsync();
        var page = await admin.GetDocumentAsync("/Admin/Webhooks");

        using var refused = await admin.SubmitAsync((IHtmlFormElement)page.QuerySelector("form#new-webhook")!,
            new Dictionary<string, string> { ["Input.Url"] = "ftp://receiver.example.com/hook", ["Input.EventKinds"] = "course_completed" });
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains("is not an absolute http or https URL", refusedPage, StringComparison.Ordinal);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM webhook_subscriptions"));

        using var created = await admin.SubmitAsync((IHtmlFormElement)page.QuerySelector("form#new-webhook")!,
            new Dictionary<string, string> { ["Input.Url"] = receiver.Url, ["Input.EventKinds"] = "course_completed" });
        var createdHtml = await created.Content.ReadAsStringAsync();
        var createdPage = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(createdHtml));
        var secret = createdPage.QuerySelector("#created #secret")!.GetAttribute("value")!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var row = Assert.Single(createdPage.QuerySelectorAll("#webhooks tbody tr"));
        Assert.Contains("course_completed", row.TextContent, StringComparison.Ordinal);
        var reloaded = await admin.GetDocumentAsync("/Admin/Webhooks");
        Assert.DoesNotContain(secret, reloaded.DocumentElement.OuterHtml, StringComparison.Ordinal);

        using var removed = await admin.SubmitAsync((IHtmlFormElement)reloaded.QuerySelector("#webhooks tbody tr form")!);
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM webhook_subscriptions WHERE NOT active AND removed_at IS NOT NULL"));

        var again = await admin.GetDocumentAsync("/Admin/Webhooks");
        using var xapi = await admin.SubmitAsync((IHtmlFormElement)again.QuerySelector("form#xapi")!,
            new Dictionary<string, string> { ["XapiForm.Endpoint"] = "https://lrs.example.com/xapi", ["XapiForm.Key"] = "key", ["XapiForm.Secret"] = "secret", ["XapiForm.Enabled"] = "true" });
        var afterXapi = await admin.GetDocumentAsync("/Admin/Webhooks");
        Assert.StartsWith("On", afterXapi.QuerySelector("#xapi-state")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("removed", afterXapi.QuerySelector("#webhooks tbody tr")!.TextContent, StringComparison.Ordinal);
    }

    private async Task<HttpClient> TokenClientAsync(HttpClient admin, string role)
    {
        using var created = await admin.PostAsJsonAsync(new Uri("/v1/tokens", UriKind.Relative), new { name = $"Webhooks {role} {Guid.NewGuid():N}"[..30], role });
        created.EnsureSuccessStatusCode();
        var client = Web.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        return client;
    }
}
