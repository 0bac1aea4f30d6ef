using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using CoursePortal.Web.Tests.Integrity;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>The package page before enrolling, the course page and the player, as a learner reads them.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class LearnerCoursePagesTests(LocalModeFactory factory)
{
    [Fact]
    public async Task ThePackagePageShowsTheTreeWithRulesDurationsCategoryAndCreditBeforeEnrollingWithOneButton()
    {
        using var admin = await Learners.AdminAsync(factory);
        var (learner, userId) = await Learners.NewAsync(factory, admin);
        var first = await LearnerSetup.PublishedCourseAsync(admin, "First course", new { estimatedDurationMinutes = 20 });
        var second = await LearnerSetup.PublishedCourseAsync(admin, "Second course", new { estimatedDurationMinutes = 30 });
        var third = await LearnerSetup.PublishedCourseAsync(admin, "Third course", new { estimatedDurationMinutes = 45 });
        var package = await LearnerSetup.PublishedPackageAsync(admin, "Onboarding", new
        {
            set = "all",
            items = new object[]
            {
                new { course = first },
                new { set = "atLeast", min = 1, name = "Pick one", items = new[] { new { course = second, required = false }, new { course = third, required = false } } },
            },
        }, category: "Onboarding and HR");
        await GrantCreditAsync(admin, userId, first);

        var before = await learner.GetDocumentAsync($"/Learn/Package/{package}");
        using var enrolled = await learner.SubmitAsync((IHtmlFormElement)before.QuerySelector("button#enroll")!.Closest("form")!, new Dictionary<string, string>());
        var after = await HtmlDocuments.ParseAsync(learner, enrolled);

        Assert.Equal("Onboarding", before.QuerySelector("main h1")!.TextContent);
        Assert.Equal("Onboarding and HR", before.QuerySelector("#category")!.TextContent);
        Assert.Equal("3 courses, 95 min in all", before.QuerySelector("#course-count")!.TextContent);
        Assert.Equal("You already have credit for 1 of these.", before.QuerySelector("#credit")!.TextContent);
        Assert.Equal([first, second, third], before.QuerySelectorAll("li[data-course-id]").Select(li => li.GetAttribute("data-course-id")));
        Assert.Equal("completed", before.QuerySelector($"li[data-course-id={first}]")!.GetAttribute("data-state"));
        Assert.Contains("20 min", before.QuerySelector($"li[data-course-id={first}] .minutes")!.TextContent, StringComparison.Ordinal);
        var group = before.QuerySelector("li.requirement-group")!;
        Assert.Contains("Pick one", group.TextContent, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(group.QuerySelector(".rule")!.TextContent));
        Assert.Single(before.QuerySelectorAll("main form"));
        Assert.Null(before.QuerySelector("#enrollment"));

        Assert.Contains("enrolled in version 1", after.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
        Assert.Null(after.QuerySelector("button#enroll"));
        Assert.Contains("Version 1", after.QuerySelector("#enrollment")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("No due date", after.QuerySelector("#due")!.TextContent);
    }

    [Fact]
    public async Task ThePackagePageShowsTheDueDateOfAnAssignmentAndAnUnknownPackageIsNotFound()
    {
        using var admin = await Learners.AdminAsync(factory);
        var (learner, userId) = await Learners.NewAsync(factory, admin);
        var course = await LearnerSetup.PublishedCourseAsync(admin, "Assigned course");
        var package = await LearnerSetup.PublishedPackageAsync(admin, "Assigned", new { set = "all", items = new[] { new { course } } });
        var due = DateTimeOffset.UtcNow.AddDays(14);
        (await admin.PostAsJsonAsync(Learners.Uri($"/v1/packages/{package}/enrollments"), new { userIds = new[] { userId }, dueDate = due })).EnsureSuccessStatusCode();

        var page = await learner.GetDocumentAsync($"/Learn/Package/{package}");
        using var unknown = await learner.GetAsync(Learners.Uri("/Learn/Package/no-such-package"));

        Assert.Equal(due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("#due")!.TextContent);
        Assert.Contains("Not started", page.QuerySelector("#enrollment .status")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task TheCoursePageShowsCoverDatesPrerequisitesWithTheLearnersStateAndEveryLessonsFacts()
    {
        using var admin = await Learners.AdminAsync(factory);
        var (learner, userId) = await Learners.NewAsync(factory, admin);
        var donePrerequisite = await LearnerSetup.PublishedCourseAsync(admin, "Done before");
        var openPrerequisite = await LearnerSetup.PublishedCourseAsync(admin, "Not yet");
        await GrantCreditAsync(admin, userId, donePrerequisite);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var course = await LearnerSetup.PublishedCourseAsync(admin, "Dated course",
            new
            {
                coverImageUrl = "https://img.example.com/cover.png", startDate = today.AddDays(-1), endDate = today.AddDays(30),
                prerequisites = new[] { donePrerequisite, openPrerequisite },
            },
            ("read", "Read me", "content", true, 12, "Text."), ("extra", "Extra reading", "content", false, 3, "More."));

        var page = await learner.GetDocumentAsync($"/Learn/Course/{course}");

        Assert.Equal("https://img.example.com/cover.png", page.QuerySelector("#cover")!.GetAttribute("src"));
        Assert.Equal($"Available from {today.AddDays(-1):yyyy-MM-dd} to {today.AddDays(30):yyyy-MM-dd}.", page.QuerySelector("#availability")!.TextContent);
        Assert.Equal("completed", page.QuerySelector($"#prerequisites li[data-course-id={donePrerequisite}]")!.GetAttribute("data-state"));
        Assert.Equal("notStarted", page.QuerySelector($"#prerequisites li[data-course-id={openPrerequisite}]")!.GetAttribute("data-state"));
        Assert.Contains("Not started", page.QuerySelector($"#prerequisites li[data-course-id={openPrerequisite}]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Reading · 12 min · required", page.QuerySelector("li[data-lesson-id=read] .lesson-facts")!.TextContent);
        Assert.Equal("Reading · 3 min · optional", page.QuerySelector("li[data-lesson-id=extra] .lesson-facts")!.TextContent);
        // Title and facts share one left-aligned block after the number, not three spread columns.
        Assert.Single(page.QuerySelector("li[data-lesson-id=read]")!.Children);
        Assert.Equal(["H1", "H2", "H2", "H3"], page.QuerySelectorAll("main h1, main h2, main h3").Select(h => h.TagName).Take(4));
    }

    [Fact]
    public async Task ACourseOutsideItsDatesHasNoStartButtonAndSaysWhen()
    {
        using var admin = await Learners.AdminAsync(factory);
        var (learner, _) = await Learners.NewAsync(factory, admin);
        var opens = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);
        var course = await LearnerSetup.PublishedCourseAsync(admin, "Later course", new { startDate = opens });

        var page = await learner.GetDocumentAsync($"/Learn/Course/{course}");

        Assert.Null(page.QuerySelector("button#start"));
        Assert.Contains($"opens on {opens:yyyy-MM-dd}", page.QuerySelector("#availability")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePlayerHasOneHeadingTheCompletionTimeAndTheProgressOfThePackagesTheCourseCountsFor()
    {
        using var admin = await Learners.AdminAsync(factory);
        var (learner, _) = await Learners.NewAsync(factory, admin);
        var course = await LearnerSetup.PublishedCourseAsync(admin, "Headed course", null,
            ("intro", "Introduction", "content", true, 5, "# Introduction\n\nWelcome.\n\n## Details\n\nMore."), ("next", "Next", "content", true, 5, "Next."));
        var other = await LearnerSetup.PublishedCourseAsync(admin, "Other course");
        var package = await LearnerSetup.PublishedPackageAsync(admin, "Counting package", new { set = "all", items = new[] { new { course }, new { course = other } } });
        (await learner.PostAsJsonAsync(Learners.Uri($"/v1/packages/{package}/enrollments"), new { })).EnsureSuccessStatusCode();
        await LearnerSetup.CompleteAsync(learner, course, "intro");

        var page = await learner.GetDocumentAsync($"/Learn/Player/{course}/intro");

        Assert.Equal(["Introduction"], page.QuerySelectorAll("main h1").Select(h => h.TextContent));
        Assert.DoesNotContain("Introduction", page.QuerySelector(".lesson-body")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Details", page.QuerySelector(".lesson-body h2")!.TextContent);
        var completedAt = DateTimeOffset.Parse(page.QuerySelector("#lesson-completed-at")!.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(completedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow);
        Assert.NotNull(page.QuerySelector("[data-done-at-for=intro]"));
        var counting = page.QuerySelector($"#counts-for .package-progress[data-package-id={package}]")!;
        Assert.Contains("Counting package", counting.TextContent, StringComparison.Ordinal);
        Assert.Equal("In progress", counting.QuerySelector(".status")!.TextContent);
    }

    private static async Task GrantCreditAsync(HttpClient admin, string userId, string courseId)
    {
        var page = await admin.GetDocumentAsync("/Admin/Credit");
        using var granted = await admin.SubmitAsync((IHtmlFormElement)page.QuerySelector("form#credit")!,
            new Dictionary<string, string> { ["Email"] = userId, ["CourseId"] = courseId, ["Reason"] = "Done elsewhere" });
        var answer = await HtmlDocuments.ParseAsync(admin, granted);
        Assert.True(answer.QuerySelector("#status") is not null, answer.QuerySelector("main")?.TextContent);
    }
}
