using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Api;

/// <summary>Credit with a reason and the historical-records import through /v1, with the rules and codes of the Credit
/// and Import pages: each refusal is the attack it stops, and what it would have changed is shown unchanged.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class RecordApiTests(LocalModeFactory factory)
{
    private const string Password = "Long-enough-pass-1";

    [Fact]
    public async Task AnAdminGrantsCreditWithAReasonAndTheAuditTrailHasIt()
    {
        var admin = await AdminAsync();
        var (userId, _) = await NewUserAsync(admin);

        using var granted = await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/credits"), new { courseId = "phishing-awareness", reason = "Passed the vendor exam" });
        var credit = await granted.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(("phishing-awareness", "manualCredit", "Passed the vendor exam"),
            (credit.GetProperty("courseId").GetString(), credit.GetProperty("source").GetString(), credit.GetProperty("reason").GetString()));
        Assert.Equal(userId, credit.GetProperty("userId").GetString());
        await CreditEventsAsync(admin, userId, "phishing-awareness", expected: 1);
    }

    [Fact]
    public async Task CreditWithoutAReasonForAnUnknownCourseOrAnUnknownUserIsRefusedAndGrantsNothing()
    {
        var admin = await AdminAsync();
        var (userId, _) = await NewUserAsync(admin);

        using var noReason = await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/credits"), new { courseId = "phishing-awareness", reason = "  " });
        using var unknownCourse = await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/credits"), new { courseId = "no-such-course", reason = "Because" });
        using var notACourseId = await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/credits"), new { courseId = "../etc", reason = "Because" });
        using var unknownUser = await admin.PostAsJsonAsync(Uri($"/v1/users/nobody-{Guid.NewGuid():N}/credits"), new { courseId = "phishing-awareness", reason = "Because" });
        // A credit that goes through after them: once its event is in the audit trail, any the refused ones wrote would be too.
        (await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/credits"), new { courseId = "gdpr-overview", reason = "Marker" })).EnsureSuccessStatusCode();

        Assert.Equal((HttpStatusCode.BadRequest, "required"), (noReason.StatusCode, await CodeAsync(noReason)));
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (unknownCourse.StatusCode, await CodeAsync(unknownCourse)));
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (notACourseId.StatusCode, await CodeAsync(notACourseId)));
        Assert.Equal((HttpStatusCode.BadRequest, "unknown_user"), (unknownUser.StatusCode, await CodeAsync(unknownUser)));
        await CreditEventsAsync(admin, userId, "gdpr-overview", expected: 1);
        Assert.Empty(await CreditEventsAsync(admin, userId, "phishing-awareness", expected: 0));
        Assert.Empty(await CreditEventsAsync(admin, userId, "no-such-course", expected: 0));
    }

    [Fact]
    public async Task AnImportWithBadRowsImportsOnlyTheGoodRowsAndReportsEachBadOneWithItsCode()
    {
        var admin = await AdminAsync();
        var (first, firstEmail) = await NewUserAsync(admin);
        var (second, secondEmail) = await NewUserAsync(admin);
        var csv = $"""
            email,courseId,completedAt,note
            {firstEmail},gdpr-overview,2024-03-01,Classroom 2024
            {firstEmail},no-such-course,2024-03-01,
            {secondEmail},phishing-awareness,2999-01-01,
            not-an-email,gdpr-overview,2024-03-01,
            nobody-{Guid.NewGuid():N}@example.com,gdpr-overview,2024-03-01,
            """;

        using var imported = await ImportAsync(admin, csv);
        var report = await imported.Content.ReadFromJsonAsync<JsonElement>();
        // The future row left nothing behind: the same user's past completion of the course is new, the good row already there.
        using var again = await ImportAsync(admin, $"email,courseId,completedAt\n{firstEmail},gdpr-overview,2024-03-01\n{secondEmail},phishing-awareness,2024-01-01\n");
        var second_ = await again.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(
            [(2, "imported", null), (3, "refused", "not_found"), (4, "refused", "invalid_completed_at"), (5, "refused", "invalid_email"), (6, "refused", "unknown_user")],
            report.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("row").GetInt32(), r.GetProperty("outcome").GetString(), r.GetProperty("code").GetString())));
        Assert.All(report.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("outcome").GetString() == "refused"),
            r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("message").GetString())));
        var totals = report.GetProperty("totals");
        Assert.Equal((5, 1, 0, 4), (totals.GetProperty("rows").GetInt32(), totals.GetProperty("imported").GetInt32(),
            totals.GetProperty("alreadyPresent").GetInt32(), totals.GetProperty("refused").GetInt32()));
        Assert.Equal(["already_present", "imported"], second_.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()));
        await CreditEventsAsync(admin, first, "gdpr-overview", expected: 1);
        await CreditEventsAsync(admin, second, "phishing-awareness", expected: 1);
    }

    [Fact]
    public async Task AnImportThatIsNotCsvHasNoColumnsOrIsTooLargeIsRefusedAndImportsNothing()
    {
        var admin = await AdminAsync();
        var (userId, email) = await NewUserAsync(admin);
        var good = $"{email},gdpr-overview,2024-03-01\n";

        using var json = await admin.PostAsync(Uri("/v1/imports/completions"), new StringContent("email,courseId,completedAt\n" + good, Encoding.UTF8, "application/json"));
        using var plain = await admin.PostAsync(Uri("/v1/imports/completions"), new StringContent("email,courseId,completedAt\n" + good, Encoding.UTF8, "text/plain"));
        using var noColumns = await ImportAsync(admin, "who,what\n" + good);
        var manyRows = new StringBuilder("email,courseId,completedAt\n").Append(good);
        for (var i = 0; i < 50_000; i++)
        {
            manyRows.Append("x,c,2020-01-01\n");
        }

        using var tooManyRows = await ImportAsync(admin, manyRows.ToString());
        using var tooLarge = await ImportAsync(admin, "email,courseId,completedAt\n" + good + new string(' ', 16 * 1024 * 1024));
        using var afterwards = await ImportAsync(admin, "email,courseId,completedAt\n" + good);

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "unsupported_media_type"), (json.StatusCode, await CodeAsync(json)));
        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "unsupported_media_type"), (plain.StatusCode, await CodeAsync(plain)));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_csv"), (noColumns.StatusCode, await CodeAsync(noColumns)));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "too_many_rows"), (tooManyRows.StatusCode, await CodeAsync(tooManyRows)));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "too_large"), (tooLarge.StatusCode, await CodeAsync(tooLarge)));
        // Each of them named the completion; only the import that was taken recorded it.
        Assert.Equal("imported", (await afterwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows")[0].GetProperty("outcome").GetString());
        await CreditEventsAsync(admin, userId, "gdpr-overview", expected: 1);
    }

    [Fact]
    public async Task ALearnerAnAuthorAndALearnerTokenMayNotGrantCreditOrImportButAnAdminTokenMay()
    {
        var admin = await AdminAsync();
        var (userId, email) = await NewUserAsync(admin);
        var callers = new List<(string Who, HttpClient Client)>();
        foreach (var who in new[] { "learner@demo.local", "author@demo.local", "approver@demo.local" })
        {
            var client = factory.CreateClient();
            await client.SignInThroughApiAsync(who);
            callers.Add((who, client));
        }

        callers.Add(("a learner token", await TokenClientAsync(admin, "Learner")));
        callers.Add(("a contributor token", await TokenClientAsync(admin, "Contributor")));

        foreach (var (who, client) in callers)
        {
            using var credit = await client.PostAsJsonAsync(Uri($"/v1/users/{userId}/credits"), new { courseId = "phishing-awareness", reason = "Sneaky" });
            using var import = await ImportAsync(client, $"email,courseId,completedAt\n{email},phishing-awareness,2024-01-01\n");
            Assert.True(credit.StatusCode == HttpStatusCode.Forbidden, $"{who}: credit answered {(int)credit.StatusCode}");
            Assert.True(import.StatusCode == HttpStatusCode.Forbidden, $"{who}: import answered {(int)import.StatusCode}");
        }

        var adminToken = await TokenClientAsync(admin, "Admin");
        using var byToken = await adminToken.PostAsJsonAsync(Uri($"/v1/users/{userId}/credits"), new { courseId = "gdpr-overview", reason = "Marker" });
        Assert.Equal(HttpStatusCode.OK, byToken.StatusCode);
        await CreditEventsAsync(admin, userId, "gdpr-overview", expected: 1);
        Assert.Empty(await CreditEventsAsync(admin, userId, "phishing-awareness", expected: 0));
    }

    internal static Task<HttpResponseMessage> ImportAsync(HttpClient client, string csv, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Uri("/v1/imports/completions")) { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }

    internal async Task<HttpClient> AdminAsync()
    {
        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        return admin;
    }

    internal static async Task<(string UserId, string Email)> NewUserAsync(HttpClient admin, string role = "Learner")
    {
        var email = $"rec-{Guid.NewGuid():N}@example.com";
        using var created = await admin.PostAsJsonAsync(Uri("/v1/users"), new { email, firstName = "Rec", lastName = "Ord", password = Password, roles = new[] { role } });
        created.EnsureSuccessStatusCode();
        return ((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!, email);
    }

    /// <summary>The user's credit events for the course once there are <paramref name="expected"/> of them; the events
    /// reach the audit trail a moment after the write, in the order the user's record wrote them.</summary>
    internal static async Task<List<JsonElement>> CreditEventsAsync(HttpClient admin, string userId, string courseId, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var page = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/events?userId={userId}&courseId={courseId}&kind=credit_granted"));
            var events = page.GetProperty("events").EnumerateArray().ToList();
            if (events.Count >= expected || DateTime.UtcNow > deadline)
            {
                Assert.Equal(expected, events.Count);
                return events;
            }

            await Task.Delay(100);
        }
    }

    internal static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    private async Task<HttpClient> TokenClientAsync(HttpClient admin, string role)
    {
        using var created = await admin.PostAsJsonAsync(Uri("/v1/tokens"), new { name = $"Records {role}", role });
        created.EnsureSuccessStatusCode();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        return client;
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
