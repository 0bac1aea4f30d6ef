using System.Net.Http.Json;
using CoursePortal.Web.Tests.Integrity;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>The home page after sign-in: what to do (overdue first, then by due date), where to continue, expiring
/// certifications, recent completions, and an empty state that points to the catalog; visitors keep the welcome.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class LearnerHomeTests(LocalModeFactory factory)
{
    [Fact]
    public async Task AVisitorKeepsTheWelcome()
    {
        var page = await factory.CreateClient().GetDocumentAsync("/");

        Assert.Equal("Welcome to CoursePortal", page.QuerySelector("main h1")!.TextContent);
        Assert.Null(page.QuerySelector("#home-empty"));
    }

    [Fact]
    public async Task ALearnerWithNothingYetIsPointedToTheCatalog()
    {
        using var admin = await Learners.AdminAsync(factory);
        var (learner, _) = await Learners.NewAsync(factory, admin);

        var page = await learner.GetDocumentAsync("/");

        Assert.Equal("Your learning", page.QuerySelector("main h1")!.TextContent);
        var empty = page.QuerySelector("#home-empty")!;
        Assert.Contains(empty.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/Learn/Catalog");
        Assert.Null(page.QuerySelector("#continue"));
    }

    [Fact]
    public async Task AssignedPackagesComeByDueDateThenThoseWithoutOne()
    {
        using var admin = await Learners.AdminAsync(factory);
        var (learner, userId) = await Learners.NewAsync(factory, admin);
        var course = await LearnerSetup.PublishedCourseAsync(admin, "Due soon course");
        var later = await LearnerSetup.PublishedPackageAsync(admin, "Due later", new { set = "all", items = new[] { new { course } } });
        var sooner = await LearnerSetup.PublishedPackageAsync(admin, "Due sooner", new { set = "all", items = new[] { new { course } } });
        var undated = await LearnerSetup.PublishedPackageAsync(admin, "No due date", new { set = "all", items = new[] { new { course } } });
        await AssignAsync(admin, undated, userId, null);
        await AssignAsync(admin, later, userId, DateTimeOffset.UtcNow.AddDays(30));
        await AssignAsync(admin, sooner, userId, DateTimeOffset.UtcNow.AddDays(5));

        var page = await learner.GetDocumentAsync("/");

        var rows = page.QuerySelectorAll("#to-do .home-package");
        Assert.Equal([sooner, later, undated], rows.Select(r => r.GetAttribute("data-package-id")));
        Assert.Equal($"Due {DateTimeOffset.UtcNow.AddDays(5):yyyy-MM-dd}", rows[0].QuerySelector(".due")!.TextContent.Trim());
        Assert.Equal("No due date", rows[2].QuerySelector(".due")!.TextContent.Trim());
        Assert.All(rows, r => Assert.Equal("Not started", r.QuerySelector(".status")!.TextContent));
        Assert.Equal($"/Learn/Package/{sooner}", rows[0].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task ContinueOpensTheLastLessonOpenedAndRecentCompletionsAndExpiringCertificationsShow()
    {
        using var admin = await Learners.AdminAsync(factory);
        var (learner, _) = await Learners.NewAsync(factory, admin);
        var done = await LearnerSetup.PublishedCourseAsync(admin, "Finished course");
        var open = await LearnerSetup.PublishedCourseAsync(admin, "Open course", null,
            ("one", "Lesson one", "content", true, 5, "One."), ("two", "Lesson two", "content", true, 5, "Two."));
        var certified = await LearnerSetup.PublishedPackageAsync(admin, "Yearly refresher", new { set = "all", items = new[] { new { course = done } } }, validityDays: 30);
        (await learner.PostAsJsonAsync(Learners.Uri($"/v1/packages/{certified}/enrollments"), new { })).EnsureSuccessStatusCode();
        await LearnerSetup.CompleteAsync(learner, done);
        await LearnerSetup.CompleteAsync(learner, open, "one");
        await learner.GetDocumentAsync($"/Learn/Player/{open}/two");

        AngleSharp.Dom.IDocument page = null!;
        // The package completes when the course's completion reaches it, a moment after the lesson.
        await LearnerSetup.EventuallyAsync(async () => (page = await learner.GetDocumentAsync("/")).QuerySelector("#expiring") is not null, "the certification");

        Assert.Equal($"/Learn/Player/{open}/two", page.QuerySelector("#continue-link")!.GetAttribute("href"));
        Assert.Contains("Lesson two", page.QuerySelector("#continue")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("50 %", page.QuerySelector("#continue .progress")!.TextContent, StringComparison.Ordinal);
        var expiring = page.QuerySelector($"#expiring li[data-package-id={certified}]")!;
        Assert.Contains($"expires {DateTimeOffset.UtcNow.AddDays(30):yyyy-MM-dd}", expiring.TextContent, StringComparison.Ordinal);
        var recent = page.QuerySelectorAll("#recent li").Select(li => li.GetAttribute("data-id")).ToList();
        Assert.Contains(done, recent);
        Assert.Contains(certified, recent);
        Assert.DoesNotContain(open, recent);
        Assert.Null(page.QuerySelector($"#to-do li[data-package-id={certified}]"));
    }

    private static async Task AssignAsync(HttpClient admin, string packageId, string userId, DateTimeOffset? dueDate) =>
        (await admin.PostAsJsonAsync(Learners.Uri($"/v1/packages/{packageId}/enrollments"), new { userIds = new[] { userId }, dueDate })).EnsureSuccessStatusCode();
}
