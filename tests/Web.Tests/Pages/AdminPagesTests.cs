using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>The admin pages through their real forms, checked against what the API then reports.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class AdminPagesTests(LocalModeFactory factory)
{
    private async Task<HttpClient> AdminAsync()
    {
        var admin = factory.CreateClient();
        await admin.SignInAsync("admin@demo.local");
        return admin;
    }

    private static async Task<string> NewLearnerAsync(HttpClient admin)
    {
        var email = $"u{Guid.NewGuid():N}"[..12] + "@example.com";
        var page = await admin.GetDocumentAsync("/Admin/Users");
        var created = await admin.PostFormAsync(page, "form#new-user", new()
        {
            ["Input.Email"] = email, ["Input.FirstName"] = "Test", ["Input.LastName"] = "Learner", ["Input.Password"] = "a-long-password-1", ["Input.Role"] = "Learner",
        });
        Assert.Equal($"Account {email} created.", created.QuerySelector("#status")?.TextContent);
        return email;
    }

    [Fact]
    public async Task AnAdminCreatesAUserFindsThemAndMakesThemAnAuthor()
    {
        var admin = await AdminAsync();
        var email = await NewLearnerAsync(admin);

        var found = await admin.GetDocumentAsync($"/Admin/Users?q={email}");
        var row = Assert.Single(found.QuerySelectorAll("#users tbody tr"));
        var changed = await admin.PostFormAsync(found, "#users tbody tr form.role-form", new() { ["role"] = "Contributor" });

        Assert.Equal($"{email} is now Contributor.", changed.QuerySelector("#status")?.TextContent);
        var author = factory.CreateClient();
        await author.SignInThroughApiAsync(email, "a-long-password-1");
        var me = await author.GetFromJsonAsync<JsonElement>(new Uri("/v1/me", UriKind.Relative));
        Assert.Equal(["Learner", "Contributor"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.NotNull(row.GetAttribute("data-user-id"));
    }

    [Fact]
    public async Task AssigningReportsEachUserAndUnknownAddressesChangeNothing()
    {
        var admin = await AdminAsync();
        var email = await NewLearnerAsync(admin);
        var page = await admin.GetDocumentAsync("/Admin/Assign");

        var result = await admin.PostFormAsync(page, "form#assign", new()
        {
            ["PackageId"] = DemoData.PackageId, ["Emails"] = $"{email}\nnobody-{Guid.NewGuid():N}@example.com", ["DueDate"] = "2030-01-31T12:00",
        });

        var rows = result.QuerySelectorAll("#results tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Contains(email, StringComparison.Ordinal) && r.Contains("enrolled in version", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("No user has the address", StringComparison.Ordinal));
        var learner = factory.CreateClient();
        await learner.SignInThroughApiAsync(email, "a-long-password-1");
        var mine = await learner.GetFromJsonAsync<JsonElement>(new Uri("/v1/me/enrollments", UriKind.Relative));
        var enrollment = Assert.Single(mine.GetProperty("packages").EnumerateArray());
        Assert.StartsWith("2030-01-31T12:00:00", enrollment.GetProperty("dueAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACsvImportReportsEveryRowAndCreditShowsOnTheAuditTranscript()
    {
        var admin = await AdminAsync();
        var email = await NewLearnerAsync(admin);
        var page = await admin.GetDocumentAsync("/Admin/Import");
        var form = (IHtmlFormElement)page.QuerySelector("form#import")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"email,courseId,completedAt\n{email},gdpr-overview,2024-03-01T00:00:00Z\nnobody@example.com,gdpr-overview,2024-03-01T00:00:00Z\n")), "file", "records.csv" },
        };
        using var response = await admin.PostAsync(new Uri("/Admin/Import", UriKind.Relative), content);
        var report = await HtmlDocuments.ParseAsync(admin, response);
        Assert.Equal(["imported", "rejected"], report.QuerySelectorAll("#rows tbody tr").Select(r => r.GetAttribute("data-outcome")));

        var creditPage = await admin.GetDocumentAsync("/Admin/Credit");
        var withoutReason = await admin.PostFormAsync(creditPage, "form#credit", new() { ["Email"] = email, ["CourseId"] = "phishing-awareness", ["Reason"] = "" });
        Assert.NotEmpty(withoutReason.QuerySelector("[data-valmsg-for=Reason]")!.TextContent.Trim());
        await admin.PostFormAsync(creditPage, "form#credit", new() { ["Email"] = email, ["CourseId"] = "phishing-awareness", ["Reason"] = "Passed the vendor exam" });

        var now = await admin.GetDocumentAsync($"/Admin/Audit?email={Uri.EscapeDataString(email)}");
        var before = await admin.GetDocumentAsync($"/Admin/Audit?email={Uri.EscapeDataString(email)}&asOf=2024-02-01T00:00");
        Assert.Equal(["gdpr-overview", "phishing-awareness"], now.QuerySelectorAll("#courses tbody tr").Select(r => r.GetAttribute("data-course-id")).Order(StringComparer.Ordinal));
        Assert.NotNull(before.QuerySelector("#no-courses"));
    }

    [Fact]
    public async Task CreditForACourseThatNeverExistedIsRefusedOnThePageAsOverTheApiAndGrantsNothing()
    {
        var admin = await AdminAsync();
        var email = await NewLearnerAsync(admin);
        var creditPage = await admin.GetDocumentAsync("/Admin/Credit");

        var refused = await admin.PostFormAsync(creditPage, "form#credit", new() { ["Email"] = email, ["CourseId"] = "no-such-course", ["Reason"] = "Made up" });

        Assert.Contains("no-such-course", refused.QuerySelector("#errors")!.TextContent, StringComparison.Ordinal);
        var audit = await admin.GetDocumentAsync($"/Admin/Audit?email={Uri.EscapeDataString(email)}");
        Assert.NotNull(audit.QuerySelector("#no-courses"));
    }

    [Fact]
    public async Task ReportsEventsAndTheirExportsAnswerAndBadFiltersAreExplained()
    {
        var admin = await AdminAsync();
        var email = await NewLearnerAsync(admin);
        var learner = factory.CreateClient();
        await learner.SignInThroughApiAsync(email, "a-long-password-1");
        (await learner.PostAsJsonAsync(new Uri($"/v1/packages/{DemoData.PackageId}/enrollments", UriKind.Relative), new { })).EnsureSuccessStatusCode();

        var reports = await admin.GetDocumentAsync($"/Admin/Reports?packageId={DemoData.PackageId}");
        Assert.NotEmpty(reports.QuerySelectorAll("#report tbody tr"));
        Assert.NotNull(reports.QuerySelector("#chart-versions rect"));
        var csv = await admin.GetStringAsync(new Uri(reports.QuerySelector("#csv")!.GetAttribute("href")!, UriKind.Relative));
        Assert.StartsWith("version,", csv, StringComparison.OrdinalIgnoreCase);

        var events = await admin.GetDocumentAsync($"/Admin/Events?email={Uri.EscapeDataString(email)}&kind=enrolled");
        Assert.Single(events.QuerySelectorAll("#events tbody tr"));
        var xapi = await admin.GetFromJsonAsync<JsonElement>(new Uri(events.QuerySelector("#xapi")!.GetAttribute("href")!, UriKind.Relative));
        Assert.Single(xapi.GetProperty("statements").EnumerateArray());
        var bad = await admin.GetDocumentAsync("/Admin/Events?kind=made-up&packageId=../etc");
        Assert.NotEmpty(bad.QuerySelector("[data-valmsg-for=packageId]")!.TextContent.Trim());
        Assert.Contains("not a kind", bad.QuerySelector("[data-valmsg-for=kind]")!.TextContent, StringComparison.Ordinal);
    }
}

[Collection(LocalModeCollection.Name)]
public sealed class MoveAndHistoryTests(LocalModeFactory factory)
{
    [Fact]
    public async Task MovedLearnersSeeTheNewVersionAndTheirEarlierRoundOnMyLearning()
    {
        var id = $"mv-{Guid.NewGuid():N}"[..12];
        var admin = factory.CreateClient();
        await admin.SignInAsync("admin@demo.local");
        var package = new { id, name = "Move me", requirement = new { set = "all", items = new[] { new { course = "password-security", required = true } } } };
        (await admin.PostAsJsonAsync(new Uri("/v1/packages", UriKind.Relative), package)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(new Uri($"/v1/packages/{id}/publish", UriKind.Relative), new { changeNotes = "v1" })).EnsureSuccessStatusCode();
        var learner = factory.CreateClient();
        await learner.SignInAsync("learner@demo.local");
        (await learner.PostAsJsonAsync(new Uri($"/v1/packages/{id}/enrollments", UriKind.Relative), new { })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(new Uri($"/v1/packages/{id}/versions", UriKind.Relative), new { })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync(new Uri($"/v1/packages/{id}/draft", UriKind.Relative), package with { name = "Move me, v2" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(new Uri($"/v1/packages/{id}/publish", UriKind.Relative), new { changeNotes = "v2" })).EnsureSuccessStatusCode();

        var page = await admin.GetDocumentAsync("/Admin/Move");
        using var started = await admin.SubmitAsync((IHtmlFormElement)page.QuerySelector("form#move")!,
            new Dictionary<string, string> { ["PackageId"] = id, ["FromVersion"] = "1", ["Statuses"] = "NotStarted|InProgress" });
        var status = await HtmlDocuments.ParseAsync(admin, started);
        var statusPath = status.Location.PathName + status.Location.Search;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (status.QuerySelector("#move-status")?.GetAttribute("data-state") != "completed" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            status = await admin.GetDocumentAsync(statusPath);
        }

        Assert.Equal("completed", status.QuerySelector("#move-status")?.GetAttribute("data-state"));
        var mine = await learner.GetDocumentAsync("/Learn/MyLearning");
        var enrollment = mine.QuerySelector($"section.enrollment[data-package-id={id}]")!;
        Assert.Contains("v2", enrollment.QuerySelector("h2")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("v1", enrollment.QuerySelector("details.history")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartedCoursesAppearWithTheirProgressOnMyLearningAndInTheApi()
    {
        var learner = factory.CreateClient();
        await learner.SignInThroughApiAsync("admin@demo.local");
        (await learner.PostAsync(new Uri("/v1/courses/gdpr-overview/start", UriKind.Relative), JsonContent.Create(new { }))).EnsureSuccessStatusCode();

        // The enrollment tells the user grain before the start is answered: the course is listed at once.
        var courses = (await learner.GetFromJsonAsync<JsonElement>(new Uri("/v1/me/enrollments", UriKind.Relative))).GetProperty("courses");

        Assert.Contains(courses.EnumerateArray(), c => c.GetProperty("courseId").GetString() == "gdpr-overview" && c.GetProperty("version").GetInt32() == 1);
        var page = await learner.GetDocumentAsync("/Learn/MyLearning");
        Assert.NotNull(page.QuerySelector("#course-progress li[data-course-id=gdpr-overview] .progress-bar"));
    }
}
