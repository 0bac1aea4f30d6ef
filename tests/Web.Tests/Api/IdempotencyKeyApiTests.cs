using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Api;

/// <summary>The Idempotency-Key header of the bulk and import operations: a repeat answers the first answer and changes
/// nothing, the key with another request is refused and changes nothing, a malformed key is refused before anything
/// runs, and one caller's key is not another's.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class IdempotencyKeyApiTests(LocalModeFactory factory)
{
    private const string Replayed = "Idempotency-Replayed";
    private readonly RecordApiTests _records = new(factory);

    [Fact]
    public async Task ARepeatedAssignmentAnswersTheFirstBodyAndAssignsNobodyTwice()
    {
        var admin = await _records.AdminAsync();
        var (first, _) = await RecordApiTests.NewUserAsync(admin);
        var (other, otherEmail) = await RecordApiTests.NewUserAsync(admin);
        // With credit for the required courses the assignment is completed at once, so assigning again would start a
        // second enrollment (recertification): a repeat that ran would show.
        foreach (var course in new[] { "password-security", "phishing-awareness" })
        {
            (await admin.PostAsJsonAsync(Uri($"/v1/users/{first}/credits"), new { courseId = course, reason = "Certified elsewhere" })).EnsureSuccessStatusCode();
        }

        var key = NewKey();
        var path = "/v1/packages/security-basics/assignments";

        using var assigned = await SendAsync(admin, HttpMethod.Post, path, new { userIds = new[] { first } }, key);
        var body = await assigned.Content.ReadAsStringAsync();
        await EnrolledEventsAsync(admin, first, expected: 1);
        using var repeated = await SendAsync(admin, HttpMethod.Post, path, new { userIds = new[] { first } }, key);
        using var otherBody = await SendAsync(admin, HttpMethod.Post, path, new { userIds = new[] { other } }, key);
        var otherLearner = factory.CreateClient();
        await otherLearner.SignInThroughApiAsync(otherEmail, "Long-enough-pass-1");
        var otherEnrollments = await otherLearner.GetFromJsonAsync<JsonElement>(Uri("/v1/me/enrollments"));
        // Without a key the same request runs again: the second enrollment finds exactly one before it.
        var again = (await (await admin.PostAsJsonAsync(Uri(path), new { userIds = new[] { first } })).Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("enrollment");

        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal("completed", JsonDocument.Parse(body).RootElement[0].GetProperty("enrollment").GetProperty("status").GetString());
        Assert.False(assigned.Headers.Contains(Replayed));
        Assert.Equal((HttpStatusCode.OK, body), (repeated.StatusCode, await repeated.Content.ReadAsStringAsync()));
        Assert.Equal(["true"], repeated.Headers.GetValues(Replayed));
        Assert.Equal(assigned.Content.Headers.ContentType, repeated.Content.Headers.ContentType);
        Assert.Equal((HttpStatusCode.Conflict, "idempotency_key_reused"), (otherBody.StatusCode, await RecordApiTests.CodeAsync(otherBody)));
        Assert.Equal(0, otherEnrollments.GetProperty("packages").GetArrayLength());
        Assert.Equal(1, again.GetProperty("history").GetArrayLength());
        await EnrolledEventsAsync(admin, first, expected: 2);
    }

    [Fact]
    public async Task ARepeatedCreditIsGrantedOnceAndTheKeyWithAnotherCourseGrantsNothing()
    {
        var admin = await _records.AdminAsync();
        var (userId, _) = await RecordApiTests.NewUserAsync(admin);
        var key = NewKey();
        var path = $"/v1/users/{userId}/credits";

        using var granted = await SendAsync(admin, HttpMethod.Post, path, new { courseId = "phishing-awareness", reason = "Vendor exam" }, key);
        using var repeated = await SendAsync(admin, HttpMethod.Post, path, new { courseId = "phishing-awareness", reason = "Vendor exam" }, key);
        using var otherCourse = await SendAsync(admin, HttpMethod.Post, path, new { courseId = "gdpr-overview", reason = "Vendor exam" }, key);
        // Granted after them without a key: once its event is in the audit trail, any a repeat wrote would be too.
        (await admin.PostAsJsonAsync(Uri(path), new { courseId = "gdpr-overview", reason = "Marker" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal((HttpStatusCode.OK, await granted.Content.ReadAsStringAsync()), (repeated.StatusCode, await repeated.Content.ReadAsStringAsync()));
        Assert.Equal(["true"], repeated.Headers.GetValues(Replayed));
        Assert.Equal((HttpStatusCode.Conflict, "idempotency_key_reused"), (otherCourse.StatusCode, await RecordApiTests.CodeAsync(otherCourse)));
        await RecordApiTests.CreditEventsAsync(admin, userId, "gdpr-overview", expected: 1);
        await RecordApiTests.CreditEventsAsync(admin, userId, "phishing-awareness", expected: 1);
    }

    [Fact]
    public async Task TwinsSentTogetherRunOnceEachOtherIsRefusedAsInUseOrReplayed()
    {
        var admin = await _records.AdminAsync();
        var (userId, _) = await RecordApiTests.NewUserAsync(admin);
        var key = NewKey();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            SendAsync(admin, HttpMethod.Post, $"/v1/users/{userId}/credits", new { courseId = "phishing-awareness", reason = "Twins" }, key)));
        (await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/credits"), new { courseId = "gdpr-overview", reason = "Marker" })).EnsureSuccessStatusCode();

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK && !a.Headers.Contains(Replayed));
        foreach (var other in answers.Where(a => a.StatusCode != HttpStatusCode.OK || a.Headers.Contains(Replayed)))
        {
            if (other.StatusCode == HttpStatusCode.Conflict)
            {
                Assert.Equal("idempotency_key_in_use", await RecordApiTests.CodeAsync(other));
                Assert.True(other.Headers.RetryAfter is not null, "an in-use refusal says when to repeat");
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, other.StatusCode);
                Assert.Equal(["true"], other.Headers.GetValues(Replayed));
            }
        }

        await RecordApiTests.CreditEventsAsync(admin, userId, "gdpr-overview", expected: 1);
        await RecordApiTests.CreditEventsAsync(admin, userId, "phishing-awareness", expected: 1);
    }

    [Fact]
    public async Task ARefusalIsRecordedAndRepeatedAsItWas()
    {
        var admin = await _records.AdminAsync();
        var (userId, _) = await RecordApiTests.NewUserAsync(admin);
        var key = NewKey();

        using var refused = await SendAsync(admin, HttpMethod.Post, $"/v1/users/{userId}/credits", new { courseId = "phishing-awareness", reason = "" }, key);
        using var repeated = await SendAsync(admin, HttpMethod.Post, $"/v1/users/{userId}/credits", new { courseId = "phishing-awareness", reason = "" }, key);

        Assert.Equal((HttpStatusCode.BadRequest, "required"), (refused.StatusCode, await RecordApiTests.CodeAsync(refused)));
        Assert.Equal((HttpStatusCode.BadRequest, await refused.Content.ReadAsStringAsync()), (repeated.StatusCode, await repeated.Content.ReadAsStringAsync()));
        Assert.Equal("application/problem+json", repeated.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["true"], repeated.Headers.GetValues(Replayed));
    }

    [Fact]
    public async Task ARepeatedMoveAnswersTheFirstMoveAndStartsNoOther()
    {
        var admin = await _records.AdminAsync();
        var id = $"idm-{Guid.NewGuid():N}"[..16];
        var package = new { id, name = "Idempotent move", requirement = new { set = "all", items = new[] { new { course = "gdpr-overview" } } } };
        (await admin.PostAsJsonAsync(Uri("/v1/packages"), package)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/publish"), new { changeNotes = "v1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/versions"), new { })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync(Uri($"/v1/packages/{id}/draft"), package with { name = "Idempotent move, v2" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/publish"), new { changeNotes = "v2" })).EnsureSuccessStatusCode();
        var key = NewKey();

        using var started = await SendAsync(admin, HttpMethod.Post, $"/v1/packages/{id}/moves", new { fromVersion = 1, statuses = new[] { "notStarted" } }, key);
        using var repeated = await SendAsync(admin, HttpMethod.Post, $"/v1/packages/{id}/moves", new { fromVersion = 1, statuses = new[] { "notStarted" } }, key);
        using var fresh = await SendAsync(admin, HttpMethod.Post, $"/v1/packages/{id}/moves", new { fromVersion = 1, statuses = new[] { "notStarted" } }, NewKey());

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal((HttpStatusCode.Accepted, started.Headers.Location), (repeated.StatusCode, repeated.Headers.Location));
        Assert.Equal(await started.Content.ReadAsStringAsync(), await repeated.Content.ReadAsStringAsync());
        Assert.Equal(["true"], repeated.Headers.GetValues(Replayed));
        // A request that ran starts a move of its own: the repeat's answer is not one that ran again.
        Assert.NotEqual(started.Headers.Location, fresh.Headers.Location);
    }

    [Fact]
    public async Task ARepeatedImportAnswersTheFirstReport()
    {
        var admin = await _records.AdminAsync();
        var (userId, email) = await RecordApiTests.NewUserAsync(admin);
        var csv = $"email,courseId,completedAt\n{email},gdpr-overview,2024-03-01\n";
        var key = NewKey();

        using var imported = await RecordApiTests.ImportAsync(admin, csv, key);
        using var repeated = await RecordApiTests.ImportAsync(admin, csv, key);
        using var otherFile = await RecordApiTests.ImportAsync(admin, csv + $"{email},phishing-awareness,2024-03-01\n", key);
        using var withoutKey = await RecordApiTests.ImportAsync(admin, csv);

        var report = await imported.Content.ReadAsStringAsync();
        Assert.Contains("\"imported\"", report, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, report), (repeated.StatusCode, await repeated.Content.ReadAsStringAsync()));
        Assert.Equal(["true"], repeated.Headers.GetValues(Replayed));
        Assert.Equal((HttpStatusCode.Conflict, "idempotency_key_reused"), (otherFile.StatusCode, await RecordApiTests.CodeAsync(otherFile)));
        // Run again without the key, the import finds the completion there: the repeat's report is the first run's.
        Assert.Contains("\"already_present\"", await withoutKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await RecordApiTests.CreditEventsAsync(admin, userId, "gdpr-overview", expected: 1);
        Assert.Empty(await RecordApiTests.CreditEventsAsync(admin, userId, "phishing-awareness", expected: 0));
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("tab\there")]
    [InlineData("caf\u00e9")]
    [InlineData(null)]
    public async Task AMalformedKeyIsRefusedAndNothingRuns(string? key)
    {
        key ??= new string('k', 256);
        var admin = await _records.AdminAsync();
        var (userId, _) = await RecordApiTests.NewUserAsync(admin);

        using var refused = await SendAsync(admin, HttpMethod.Post, $"/v1/users/{userId}/credits", new { courseId = "phishing-awareness", reason = "Vendor exam" }, key);
        (await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/credits"), new { courseId = "gdpr-overview", reason = "Marker" })).EnsureSuccessStatusCode();

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_idempotency_key"), (refused.StatusCode, await RecordApiTests.CodeAsync(refused)));
        await RecordApiTests.CreditEventsAsync(admin, userId, "gdpr-overview", expected: 1);
        Assert.Empty(await RecordApiTests.CreditEventsAsync(admin, userId, "phishing-awareness", expected: 0));
    }

    // An empty header value never leaves HttpClient, so the rule is read here as well as over HTTP above.
    [Theory]
    [InlineData("", false)]
    [InlineData(" ", false)]
    [InlineData("a\u007f", false)]
    [InlineData("line\nbreak", false)]
    [InlineData("k", true)]
    [InlineData("0b6f3c1e-3c1d-4ad3-9f5e-7a4f0f3f2a11", true)]
    public void AKeyIsOneTo255PrintableAsciiCharacters(string key, bool valid)
    {
        Assert.Equal(valid, Web.Api.IdempotencyKeyFilter.IsValidKey(key));
        Assert.True(Web.Api.IdempotencyKeyFilter.IsValidKey(new string('~', 255)));
        Assert.False(Web.Api.IdempotencyKeyFilter.IsValidKey(new string('~', 256)));
    }

    [Fact]
    public async Task OneCallersKeyIsNotAnothersAndALongestKeyIsTaken()
    {
        var admin = await _records.AdminAsync();
        var (otherAdminId, otherAdminEmail) = await RecordApiTests.NewUserAsync(admin, "Admin");
        var otherAdmin = factory.CreateClient();
        await otherAdmin.SignInThroughApiAsync(otherAdminEmail, "Long-enough-pass-1");
        var (userId, _) = await RecordApiTests.NewUserAsync(admin);
        var key = new string('k', 200) + Guid.NewGuid().ToString("N")[..22] + "-~ !";
        Assert.Equal(226, key.Length);

        using var mine = await SendAsync(admin, HttpMethod.Post, $"/v1/users/{userId}/credits", new { courseId = "phishing-awareness", reason = "Same" }, key);
        using var theirs = await SendAsync(otherAdmin, HttpMethod.Post, $"/v1/users/{userId}/credits", new { courseId = "phishing-awareness", reason = "Same" }, key);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (mine.StatusCode, theirs.StatusCode));
        Assert.False(theirs.Headers.Contains(Replayed));
        var events = await RecordApiTests.CreditEventsAsync(admin, userId, "phishing-awareness", expected: 2);
        Assert.Contains(events, e => e.GetProperty("actorId").GetString() == otherAdminId);
    }

    [Fact]
    public async Task TheDocumentListsTheHeaderOnTheFourOperationsOnlyAndTheImportsCsvBody()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>(Uri("/openapi/v1.json"));
        var withHeader = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Endpoint: $"{o.Name.ToUpperInvariant()} {p.Name}", Operation: o.Value)))
            .Where(o => o.Operation.TryGetProperty("parameters", out var parameters)
                && parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header"))
            .Select(o => o.Endpoint);
        var import = document.GetProperty("paths").GetProperty("/v1/imports/completions").GetProperty("post");

        Assert.Equal(
            ["POST /v1/imports/completions", "POST /v1/packages/{id}/assignments", "POST /v1/packages/{id}/moves", "POST /v1/users/{id}/credits"],
            withHeader.Order(StringComparer.Ordinal));
        Assert.Equal("string", import.GetProperty("requestBody").GetProperty("content").GetProperty("text/csv").GetProperty("schema").GetProperty("type").GetString());
        Assert.True(import.GetProperty("responses").TryGetProperty("415", out _));
        Assert.True(import.GetProperty("responses").TryGetProperty("413", out _));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object body, string key)
    {
        var request = new HttpRequestMessage(method, Uri(path)) { Content = JsonContent.Create(body) };
        Assert.True(request.Headers.TryAddWithoutValidation("Idempotency-Key", key));
        return client.SendAsync(request);
    }

    private static async Task<List<JsonElement>> EnrolledEventsAsync(HttpClient admin, string userId, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var page = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/events?userId={userId}&packageId=security-basics&kind=enrolled"));
            var events = page.GetProperty("events").EnumerateArray().ToList();
            if (events.Count >= expected || DateTime.UtcNow > deadline)
            {
                Assert.Equal(expected, events.Count);
                return events;
            }

            await Task.Delay(100);
        }
    }

    private static string NewKey() => $"key-{Guid.NewGuid():N}";

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
