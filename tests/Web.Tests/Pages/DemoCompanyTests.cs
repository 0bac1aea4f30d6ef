using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>Local mode's demo: Fjordline Logistics' 90 days played through the grains, so every report has something to
/// show on first start, the same on every start; the demo accounts of every role still sign in.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class DemoCompanyTests(LocalModeFactory factory)
{
    private static Uri Uri(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task TheDemoHasAVersionStoryOverdueLearnersAnExpiringCertificationAndCompletionsInTheLast30Days()
    {
        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");

        var onboarding = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/reports/packages/{DemoCompany.Onboarding}"));
        var certification = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/reports/packages/{DemoCompany.Certification}"));
        var development = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/reports/packages/{DemoCompany.Development}"));
        var imported = await admin.GetFromJsonAsync<JsonElement>(Uri("/v1/events?kind=credit_granted&limit=100"));
        var reports = await admin.GetDocumentAsync($"/Admin/Reports?packageId={DemoCompany.Certification}");

        Assert.Equal([1, 2], onboarding.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.True(onboarding.EnumerateArray().Sum(v => v.GetProperty("overdue").GetInt32()) > 0, "no overdue learner");
        Assert.True(certification.EnumerateArray().Sum(v => v.GetProperty("expiring").GetInt32()) > 0, "no expiring certification");
        Assert.Equal(30, development.EnumerateArray().Sum(v => v.GetProperty("enrolled").GetInt32()));
        Assert.True(development.EnumerateArray().Sum(v => v.GetProperty("completed").GetInt32()) > 0, "nobody completed the choice");
        Assert.Contains(imported.GetProperty("events").EnumerateArray(), e => e.GetProperty("details").GetString()!.Contains("\"imported\"", StringComparison.Ordinal));
        Assert.Contains(reports.QuerySelectorAll("#chart-days rect"), r => r.GetAttribute("height") != "0");
    }

    [Fact]
    public async Task EveryStartPlaysTheSameHistory()
    {
        using var second = new LocalPortal("Testing");
        var first = factory.CreateClient();
        var other = second.CreateClient();
        await first.SignInThroughApiAsync("admin@demo.local");
        await other.SignInThroughApiAsync("admin@demo.local");

        foreach (var path in new[]
        {
            $"/v1/reports/packages/{DemoCompany.Onboarding}", $"/v1/reports/packages/{DemoCompany.Certification}",
            $"/v1/reports/packages/{DemoCompany.Development}", "/v1/reports/courses/first-aid-basics", "/v1/reports/courses/data-handling",
        })
        {
            Assert.Equal(await first.GetStringAsync(Uri(path)), await other.GetStringAsync(Uri(path)));
        }
    }

    [Fact]
    public async Task TheCompanysPeopleAreUsersWithNamesAndTheAuthorsWroteAndTeachTheCourses()
    {
        var admin = factory.CreateClient();
        await admin.SignInAsync("admin@demo.local");

        var users = await admin.GetDocumentAsync($"/Admin/Users?q={DemoCompany.Domain}");
        var history = await admin.GetDocumentAsync("/Author/Courses/forklift-safety/History");
        var course = await admin.GetDocumentAsync("/Learn/Course/forklift-safety");

        Assert.Equal(DemoCompany.Learners.Count + DemoCompany.Staff.Count, users.QuerySelectorAll("#users tbody tr").Length);
        Assert.Contains("Hanna Lind", history.QuerySelector("#versions")!.TextContent, StringComparison.Ordinal);
        // Its author teaches it: the course page has an instructor card with the author's name and bio.
        var instructor = Assert.Single(course.QuerySelectorAll(".instructor"));
        Assert.Contains("Omar Haddad", instructor.TextContent, StringComparison.Ordinal);
        Assert.Contains(DemoCompany.Staff.Single(s => s.Id == "demo-omar-haddad").Bio, instructor.TextContent, StringComparison.Ordinal);
    }
}
