using Microsoft.Playwright;

namespace CoursePortal.Browser.Tests;

/// <summary>What the script adds, in the browser: draft details save themselves; and the main pages fit a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EnhancementTests(BrowserFixture fixture)
{
    [Fact]
    public Task DraftDetailsSaveThemselvesWhileTheAuthorTypes() => Journeys.RunAsync(nameof(DraftDetailsSaveThemselvesWhileTheAuthorTypes), async pages =>
    {
        var id = $"auto-{Guid.NewGuid():N}"[..13];
        var author = await Journeys.SignedInAsync(fixture, "author@demo.local");
        pages.Add(author);
        await Journeys.ApiAsync(author, "POST", "/v1/courses", new { id, title = "Before" });
        await author.GotoAsync($"/Author/Courses/{id}");

        await author.GetByLabel("Title", new() { Exact = true }).FillAsync("Typed, never submitted");
        await Assertions.Expect(author.Locator("#course-details .autosave-status")).ToContainTextAsync("Saved", new() { Timeout = 10_000 });
        // The next change goes through too: the script handed the new revision to the form.
        await author.GetByLabel("Product suite").FillAsync("Suite typed later");
        await Assertions.Expect(author.Locator("#course-details .autosave-status")).ToContainTextAsync("Saved", new() { Timeout = 10_000 });
        await author.ReloadAsync();

        await Assertions.Expect(author.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync("Typed, never submitted");
        await Assertions.Expect(author.GetByLabel("Product suite")).ToHaveValueAsync("Suite typed later");
    });

    [Fact]
    public Task TheMainPagesFitAPhoneScreenWithoutSidewaysScrolling() => Journeys.RunAsync(nameof(TheMainPagesFitAPhoneScreenWithoutSidewaysScrolling), async pages =>
    {
        var admin = await Journeys.SignedInAsync(fixture, "admin@demo.local");
        pages.Add(admin);
        await admin.SetViewportSizeAsync(390, 844);
        var wide = new List<string>();
        foreach (var path in new[]
        {
            "/Learn/Catalog", "/Learn/Course/phishing-awareness", "/Learn/Packages", "/Learn/MyLearning", "/Learn/Transcript",
            "/Author", "/Author/Packages/security-basics", "/Admin/Users", "/Admin/Reports", "/Admin/Events",
        })
        {
            await admin.GotoAsync(path);
            var size = await admin.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            var (content, viewport) = (size[0], size[1]);
            if (content > viewport)
            {
                wide.Add($"{path}: {content}px wide on a {viewport}px screen");
                await BrowserFixture.ScreenshotAsync(admin, "phone" + path.Replace('/', '-'));
            }
        }

        Assert.True(wide.Count == 0, string.Join(Environment.NewLine, wide));
    });
}
