using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>Imported history is effective-dated: an auditor asking about a past day sees it, marked imported
/// with the day it was recorded, and asking what the portal knew before the import shows nothing of it.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class TranscriptIntegrityTests(LocalModeFactory factory)
{
    [Fact]
    public async Task AnImportedCompletionIsOnTheTranscriptOfItsOwnDayButNotOnWhatThePortalKnewBeforeTheImport()
    {
        var admin = factory.CreateClient();
        await admin.SignInAsync("admin@demo.local");
        var email = $"h{Guid.NewGuid():N}"[..12] + "@example.com";
        var users = await admin.GetDocumentAsync("/Admin/Users");
        await admin.PostFormAsync(users, "form#new-user", new()
        {
            ["Input.Email"] = email, ["Input.FirstName"] = "Past", ["Input.LastName"] = "Record", ["Input.Password"] = "a-long-password-1", ["Input.Role"] = "Learner",
        });
        var learner = factory.CreateClient();
        await learner.SignInThroughApiAsync(email, "a-long-password-1");
        var userId = (await learner.GetFromJsonAsync<JsonElement>("/v1/me")).GetProperty("userId").GetString();
        var dayBeforeImport = DateTimeOffset.UtcNow.AddDays(-1).ToString("O");

        await ImportAsync(admin, $"email,courseId,completedAt\n{email},gdpr-overview,2020-03-01\n");

        var then = await TranscriptAsync(learner, $"/v1/users/{userId}/transcript?asOf=2021-01-01T00:00:00Z");
        var course = Assert.Single(then.GetProperty("courses").EnumerateArray());
        Assert.Equal(("gdpr-overview", "imported", true), (course.GetProperty("courseId").GetString(), course.GetProperty("source").GetString(), course.GetProperty("imported").GetBoolean()));
        Assert.StartsWith("2020-03-01T00:00:00", course.GetProperty("completedAt").GetString(), StringComparison.Ordinal);
        Assert.Equal(DateTime.UtcNow.Date, course.GetProperty("recordedAt").GetDateTimeOffset().UtcDateTime.Date);

        var knownBefore = await TranscriptAsync(learner, $"/v1/users/{userId}/transcript?asOf=2021-01-01T00:00:00Z&knownAsOf={Uri.EscapeDataString(dayBeforeImport)}");
        Assert.Empty(knownBefore.GetProperty("courses").EnumerateArray());
        var beforeItsDay = await TranscriptAsync(learner, $"/v1/users/{userId}/transcript?asOf=2020-02-29T00:00:00Z");
        Assert.Empty(beforeItsDay.GetProperty("courses").EnumerateArray());

        var audit = await admin.GetDocumentAsync($"/Admin/Audit?email={Uri.EscapeDataString(email)}&asOf=2021-01-01T00:00");
        var row = Assert.Single(audit.QuerySelectorAll("#courses tbody tr"));
        Assert.Contains("imported", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row.TextContent, StringComparison.Ordinal);
        var own = await learner.GetDocumentAsync($"/Learn/Transcript?AsOf=2021-01-01&KnownAsOf={DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        Assert.NotNull(own.QuerySelector("#no-courses"));
    }

    private static async Task<JsonElement> TranscriptAsync(HttpClient client, string path) => await client.GetFromJsonAsync<JsonElement>(path);

    private static async Task ImportAsync(HttpClient admin, string csv)
    {
        var page = await admin.GetDocumentAsync("/Admin/Import");
        var form = (IHtmlFormElement)page.QuerySelector("form#import")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "records.csv" },
        };
        using var response = await admin.PostAsync(new Uri("/Admin/Import", UriKind.Relative), content);
        var report = await HtmlDocuments.ParseAsync(admin, response);
        Assert.Equal(["imported"], report.QuerySelectorAll("#rows tbody tr").Select(r => r.GetAttribute("data-outcome")));
    }
}
