using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CoursePortal.Browser.Tests;

/// <summary>Issue 17's author journey in a real browser: an approver finds a live course on the overview, archives it
/// from its row after the dialog says how many learners are mid-way, sees it under Archived and out of the catalog, and
/// revives it with a new version; every page on the way passes the axe scan and is photographed at phone and desktop width.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ArchiveJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public Task AnApproverArchivesACourseALearnerIsMidWayThroughAndRevivesIt() => Journeys.RunAsync(nameof(AnApproverArchivesACourseALearnerIsMidWayThroughAndRevivesIt), async pages =>
    {
        var id = $"arch-{Guid.NewGuid():N}"[..12];
        var title = $"Retiring course {id}";
        var approver = await Journeys.SignedInAsync(fixture, "approver@demo.local");
        pages.Add(approver);
        var learner = await Journeys.SignedInAsync(fixture, "learner@demo.local");
        pages.Add(learner);
        await Journeys.PublishSimpleCourseAsync(approver, id, title);
        await Journeys.ApiAsync(learner, "POST", $"/v1/courses/{id}/start");
        var violations = new List<string>();

        // The overview: the course is active, its row offers the archive.
        await approver.GotoAsync("/Author");
        var row = approver.Locator($"#courses-active li[data-id='{id}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await ScanAsync(approver, "overview", violations);
        await row.GetByRole(AriaRole.Link, new() { Name = $"Archive {title}" }).ClickAsync();

        // The dialog says who is mid-way (the counts follow the learning events, so it may take a moment).
        await Assertions.Expect(approver.Locator("h1")).ToHaveTextAsync($"Archive {title}");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await approver.Locator("#mid-way").TextContentAsync() ?? "").Contains("1 learner is mid-way", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the dialog never said that one learner is mid-way");
            await Task.Delay(300);
            await approver.ReloadAsync();
        }

        await ScanAsync(approver, "archive-dialog", violations);
        await approver.GetByRole(AriaRole.Button, new() { NameRegex = ArchiveButton() }).ClickAsync();
        await Assertions.Expect(approver.Locator("span[data-valmsg-for='Input.Reason']")).ToContainTextAsync("Say why");
        await approver.GetByLabel("Reason for archiving").FillAsync("Replaced by the 2027 edition");
        await approver.GetByRole(AriaRole.Button, new() { NameRegex = ArchiveButton() }).ClickAsync();

        // The course page now shows the archived version read-only, with who archived it and why.
        await Assertions.Expect(approver.Locator("#status")).ToContainTextAsync("Version 1 is archived");
        await Assertions.Expect(approver.Locator("#archived-by")).ToContainTextAsync("Replaced by the 2027 edition");
        await Assertions.Expect(approver.Locator("#version-content li.lesson")).ToHaveCountAsync(1);
        await ScanAsync(approver, "archived-course", violations);

        // Nobody new can start it, and it has left the catalog.
        var catalog = await Journeys.ApiAsync(learner, "GET", "/v1/courses");
        Assert.DoesNotContain(catalog.EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        var progress = await Journeys.ApiAsync(learner, "GET", $"/v1/courses/{id}/progress");
        Assert.Equal(1, progress.GetProperty("version").GetInt32());

        // Revived from the overview: a new version copied from the archived one.
        await approver.GotoAsync("/Author");
        var archivedRow = approver.Locator($"#courses-archived li[data-id='{id}']");
        await Assertions.Expect(archivedRow).ToBeVisibleAsync();
        await archivedRow.GetByRole(AriaRole.Button, new() { Name = $"New version of {title}" }).ClickAsync();
        await Assertions.Expect(approver.Locator("#editing")).ToContainTextAsync("(based on v1)");

        await ScanAsync(approver, "profile", violations, "/Account/Profile");
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    });

    /// <summary>The axe scan of the page (serious and critical violations), and its screenshots at phone and desktop width.</summary>
    private static async Task ScanAsync(IPage page, string name, List<string> violations, string? path = null)
    {
        if (path is not null)
        {
            await page.GotoAsync(path);
        }

        var result = await page.RunAxe();
        violations.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name}: {v.Impact} {v.Id} — {v.Help} ({string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))})"));
        foreach (var (width, height, label) in new[] { (390, 844, "phone"), (1280, 900, "desktop") })
        {
            await page.SetViewportSizeAsync(width, height);
            await BrowserFixture.ScreenshotAsync(page, $"issue17-{name}-{label}");
            var size = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            if (size[0] > size[1])
            {
                violations.Add($"{name}: {size[0]}px wide on a {size[1]}px screen");
            }
        }
    }

    [GeneratedRegex("^Archive version")]
    private static partial Regex ArchiveButton();
}
