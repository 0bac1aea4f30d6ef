using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>The enrollments of a package version (/Admin/Enrollments): every learner with status, progress, due date,
/// overdue and certification expiry; filters, search, paging and the CSV download; reached from the reports and the
/// package's history.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class EnrollmentsPageTests(LocalModeFactory factory)
{
    private const string Password = "a-long-password-1";

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    private async Task<HttpClient> AdminAsync()
    {
        var admin = factory.CreateClient();
        await admin.SignInAsync("admin@demo.local");
        return admin;
    }

    private static async Task<string> NewPackageAsync(HttpClient admin)
    {
        var id = $"enr-{Guid.NewGuid():N}"[..16];
        var package = new
        {
            id, name = $"Enrollments {id}",
            requirement = new { set = "all", items = new object[] { new { course = "gdpr-overview" }, new { course = "password-security" } } },
        };
        (await admin.PostAsJsonAsync(Uri("/v1/packages"), package)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/publish"), new { changeNotes = "v1" })).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task<(string UserId, string Email)> NewUserAsync(HttpClient admin, string? password = null)
    {
        var email = $"en{Guid.NewGuid():N}"[..14] + "@example.com";
        var created = await (await admin.PostAsJsonAsync(Uri("/v1/users"), new { email, firstName = "Enro", lastName = "Lled", password, roles = new[] { "Learner" } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("userId").GetString()!, email);
    }

    private static async Task WaitForAsync(HttpClient admin, string package, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/packages/{package}/enrollments"))).GetArrayLength() < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "the enrollments are not listed");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task TheListPagesByUserIdAndLinksBackToTheFirstPage()
    {
        var admin = await AdminAsync();
        var package = await NewPackageAsync(admin);
        var users = new List<string>();
        for (var i = 0; i < 27; i++)
        {
            users.Add((await NewUserAsync(admin)).UserId);
        }

        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{package}/enrollments"), new { userIds = users })).EnsureSuccessStatusCode();
        await WaitForAsync(admin, package, 27);

        var first = await admin.GetDocumentAsync($"/Admin/Enrollments?packageId={package}");
        var next = await admin.GetDocumentAsync(first.QuerySelector("#next-page")!.GetAttribute("href")!);

        var ordered = users.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(ordered.Take(25), first.QuerySelectorAll("#enrollments tbody tr").Select(r => r.GetAttribute("data-user-id")));
        Assert.Null(first.QuerySelector("#first-page"));
        Assert.Equal(ordered.Skip(25), next.QuerySelectorAll("#enrollments tbody tr").Select(r => r.GetAttribute("data-user-id")));
        Assert.Null(next.QuerySelector("#next-page"));
        Assert.NotNull(next.QuerySelector("#first-page"));
        Assert.All(first.QuerySelectorAll("#enrollments tbody tr .status"), s => Assert.Equal("Not started", s.TextContent.Trim()));
        Assert.Contains($"Enrollments in Enrollments {package}", first.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALearnersRowShowsTheirProgressAndTheFiltersSearchAndCsvAgree()
    {
        var admin = await AdminAsync();
        var package = await NewPackageAsync(admin);
        var (started, startedEmail) = await NewUserAsync(admin, Password);
        var (idle, _) = await NewUserAsync(admin);
        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{package}/enrollments"), new { userIds = new[] { started, idle }, dueDate = "2031-05-31T12:00:00Z" })).EnsureSuccessStatusCode();
        var learner = factory.CreateClient();
        await learner.SignInThroughApiAsync(startedEmail, Password);
        (await learner.PostAsJsonAsync(Uri("/v1/courses/gdpr-overview/start"), new { packageId = package })).EnsureSuccessStatusCode();
        (await learner.PostAsJsonAsync(Uri("/v1/courses/gdpr-overview/progress/complete"), new { lessonId = "personal-data" })).EnsureSuccessStatusCode();
        await WaitForAsync(admin, package, 2);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        int percent;
        while ((percent = await PercentAsync(learner, package)) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the course completion does not reach the package");
            await Task.Delay(100);
        }

        while ((await admin.GetStringAsync(Uri($"/v1/packages/{package}/enrollments?status=inProgress"))).Contains(started, StringComparison.Ordinal) is false)
        {
            Assert.True(DateTime.UtcNow < deadline, "the learner is not in progress");
            await Task.Delay(100);
        }

        var all = await admin.GetDocumentAsync($"/Admin/Enrollments?packageId={package}");
        var inProgress = await admin.GetDocumentAsync($"/Admin/Enrollments?packageId={package}&status=InProgress");
        var searched = await admin.GetDocumentAsync($"/Admin/Enrollments?packageId={package}&q={System.Uri.EscapeDataString(startedEmail)}");
        var otherVersion = await admin.GetDocumentAsync($"/Admin/Enrollments?packageId={package}&version=2");
        var csv = await admin.GetStringAsync(Uri(inProgress.QuerySelector("#csv")!.GetAttribute("href")!));

        var row = all.QuerySelector($"#enrollments tr[data-user-id='{started}']")!;
        Assert.Equal("In progress", row.QuerySelector(".status")!.TextContent.Trim());
        Assert.Equal($"{percent} %", row.QuerySelector(".progress-cell")!.TextContent.Trim());
        Assert.Contains(startedEmail, row.QuerySelector("th")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("2031-05-31", row.QuerySelector(".due")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Null(row.QuerySelector(".overdue-badge"));
        Assert.Equal([started], inProgress.QuerySelectorAll("#enrollments tbody tr").Select(r => r.GetAttribute("data-user-id")));
        Assert.Equal([started], searched.QuerySelectorAll("#enrollments tbody tr").Select(r => r.GetAttribute("data-user-id")));
        Assert.Null(searched.QuerySelector("#pages"));
        Assert.Equal("Nobody is enrolled with these filters.", otherVersion.QuerySelector("#empty")!.TextContent.Trim());
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', CoursePortal.Web.Api.EnrollmentExport.Columns), lines[0]);
        var line = Assert.Single(lines.Skip(1));
        Assert.StartsWith($"{started},1,inProgress,", line, StringComparison.Ordinal);
        Assert.Equal(startedEmail, line.Split(',')[^2]);
    }

    [Fact]
    public async Task ASearchThatMatchesNobodyEnrolledSaysSo()
    {
        var admin = await AdminAsync();
        var package = await NewPackageAsync(admin);

        var page = await admin.GetDocumentAsync($"/Admin/Enrollments?packageId={package}&q=nobody-{Guid.NewGuid():N}");

        Assert.Null(page.QuerySelector("#enrollments"));
        Assert.StartsWith("No learner matching", page.QuerySelector("#empty")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDemoShowsOverdueLearnersAndExpiringCertificationsAndTheReportsLinkHere()
    {
        var admin = await AdminAsync();

        var onboarding = await admin.GetDocumentAsync($"/Admin/Enrollments?packageId={DemoCompany.Onboarding}&version=1");
        var certification = await admin.GetDocumentAsync($"/Admin/Enrollments?packageId={DemoCompany.Certification}&status=Completed");
        var reports = await admin.GetDocumentAsync($"/Admin/Reports?packageId={DemoCompany.Onboarding}");
        var history = await admin.GetDocumentAsync($"/Author/Packages/{DemoCompany.Onboarding}/History");

        Assert.NotEmpty(onboarding.QuerySelectorAll("#enrollments tr.overdue .overdue-badge"));
        Assert.All(onboarding.QuerySelectorAll("#enrollments tbody tr td:nth-child(2)"), v => Assert.Equal("v1", v.TextContent.Trim()));
        Assert.NotEmpty(certification.QuerySelectorAll("#enrollments .expiring-badge"));
        Assert.All(certification.QuerySelectorAll("#enrollments .expiry"), e => Assert.Matches(@"^\d{4}-\d{2}-\d{2}", e.TextContent.Trim()));
        Assert.Equal($"/Admin/Enrollments?packageId={DemoCompany.Onboarding}", reports.QuerySelector("#enrollments-link")!.GetAttribute("href"));
        Assert.Equal($"/Admin/Enrollments?packageId={DemoCompany.Onboarding}&version=2",
            reports.QuerySelector("#report tr[data-version='2'] a")!.GetAttribute("href"));
        Assert.Equal($"/Admin/Enrollments?packageId={DemoCompany.Onboarding}&version=1",
            history.QuerySelector("#versions tr[data-version='1'] a.enrollments-link")!.GetAttribute("href"));
    }

    [Fact]
    public async Task TheEnrollmentsCsvOfTheApiStreamsEveryEnrollmentWithItsFilters()
    {
        var admin = await AdminAsync();

        var csv = await admin.GetStringAsync(Uri($"/v1/packages/{DemoCompany.Development}/enrollments?format=csv"));
        var json = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/packages/{DemoCompany.Development}/enrollments"));
        var completed = await admin.GetStringAsync(Uri($"/v1/packages/{DemoCompany.Development}/enrollments?format=csv&status=completed"));

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(json.EnumerateArray().Select(e => e.GetProperty("userId").GetString()), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(30, lines.Length - 1);
        Assert.All(completed.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1), l => Assert.Equal("completed", l.Split(',')[2]));
        // Every demo learner is named, from the user directory: the file is for people to read.
        Assert.All(lines.Skip(1), l => Assert.EndsWith($"@{DemoCompany.Domain}", l.Split(',')[^2], StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.False(string.IsNullOrWhiteSpace(l.Split(',')[^1])));
    }

    private static async Task<int> PercentAsync(HttpClient learner, string package)
    {
        var mine = await learner.GetFromJsonAsync<JsonElement>(Uri("/v1/me/enrollments"));
        return mine.GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("packageId").GetString() == package).GetProperty("percent").GetInt32();
    }
}
