using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>The course report page (/Admin/CourseReport): per course version, started and completed, average time to
/// complete, assessment pass rate and attempts per pass, in the package report's chart style; reached from the reports.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class CourseReportPageTests(LocalModeFactory factory)
{
    private async Task<HttpClient> AdminAsync()
    {
        var admin = factory.CreateClient();
        await admin.SignInAsync("admin@demo.local");
        return admin;
    }

    [Fact]
    public async Task ACourseWithAnAssessmentShowsItsFiguresAndChartsAsTheApiReportsThem()
    {
        var admin = await AdminAsync();

        var page = await admin.GetDocumentAsync("/Admin/CourseReport?courseId=forklift-safety");
        var api = await admin.GetFromJsonAsync<JsonElement>(new Uri("/v1/reports/courses/forklift-safety", UriKind.Relative));

        var version = api.GetProperty("versions").EnumerateArray().Single();
        var row = page.QuerySelector("#report tbody tr[data-version='1']")!;
        Assert.Equal(version.GetProperty("started").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), row.QuerySelector(".started")!.TextContent);
        Assert.Equal($"{version.GetProperty("passRate").GetInt32()} %", row.QuerySelector(".pass-rate")!.TextContent);
        Assert.Equal(version.GetProperty("attemptsPerPass").GetDouble().ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), row.QuerySelector(".attempts")!.TextContent);
        Assert.True(version.GetProperty("attemptsPerPass").GetDouble() > 1, "the demo has learners who failed once before passing");
        Assert.True(version.GetProperty("averageSecondsToComplete").GetInt64() > 0);
        Assert.Matches(@"^[\d.]+ (min|h|days)$", row.QuerySelector(".time")!.TextContent);
        Assert.NotNull(page.QuerySelector("#chart-pass-rate rect"));
        Assert.Equal(30, page.QuerySelectorAll("#chart-days rect").Length);
        Assert.Contains("Forklift Safety", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACourseNobodyStartedSaysSoAndAnUnknownCourseFallsBackToTheFirst()
    {
        var admin = await AdminAsync();
        var id = $"rep-{Guid.NewGuid():N}"[..16];
        var course = new { id, title = $"Unstarted {id}", modules = new[] { new { id = "m", title = "M", lessons = new[] { new { id = "l", title = "L", type = "content", required = true, markdown = "x" } } } } };
        (await admin.PostAsJsonAsync(new Uri("/v1/courses", UriKind.Relative), course)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(new Uri($"/v1/courses/{id}/publish", UriKind.Relative), new { changeNotes = "v1" })).EnsureSuccessStatusCode();

        var unstarted = await admin.GetDocumentAsync($"/Admin/CourseReport?courseId={id}");
        var unknown = await admin.GetDocumentAsync("/Admin/CourseReport?courseId=no-such-course");

        Assert.Equal("Nobody has started this course yet.", unstarted.QuerySelector("#empty")!.TextContent);
        Assert.Null(unstarted.QuerySelector("#report"));
        Assert.NotNull(unknown.QuerySelector("select#courseId option[selected]"));
    }

    [Fact]
    public async Task TheReportsAndTheAdministrationIndexLeadToTheCourseReport()
    {
        var admin = await AdminAsync();

        var reports = await admin.GetDocumentAsync($"/Admin/Reports?packageId={DemoData.PackageId}");
        var index = await admin.GetDocumentAsync("/Admin");

        Assert.Equal("/Admin/CourseReport", reports.QuerySelector("#course-reports-link")!.GetAttribute("href"));
        Assert.Contains(index.QuerySelectorAll("#admin-tasks a"), a => a.GetAttribute("href") == "/Admin/CourseReport");
        Assert.Contains(index.QuerySelectorAll("#admin-tasks a"), a => a.GetAttribute("href") == "/Admin/Enrollments");
    }
}
