using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CoursePortal.Browser.Tests;

/// <summary>What the journeys share: signing in through the form, setting up data through the API in the same
/// browser context, and screenshots on failure.</summary>
public static class Journeys
{
    public const string Password = "CoursePortal-demo-1";

    /// <summary>A fresh context signed in as <paramref name="email"/> through the sign-in form; every dialog (confirmations,
    /// leave-page warnings) is accepted, as a user clicking OK would.</summary>
    public static async Task<IPage> SignedInAsync(BrowserFixture fixture, string email, string password = Password)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var page = await fixture.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync("/Account/SignIn");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#signed-in-as")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>The page as it is now: the axe scan (serious and critical violations), sideways scrolling at phone
    /// width, and a screenshot at phone and desktop width under TestResults/screenshots; problems go into <paramref name="found"/>.</summary>
    public static async Task CheckPageAsync(IPage page, string name, List<string> found)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(found);
        var result = await page.RunAxe();
        found.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name}: {v.Impact} {v.Id} — {v.Help} ({string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))})"));
        foreach (var (screen, width, height) in new[] { ("phone", 390, 844), ("desktop", 1280, 900) })
        {
            await page.SetViewportSizeAsync(width, height);
            var size = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            if (size[0] > size[1])
            {
                found.Add($"{name}: {size[0]}px wide on a {size[1]}px {screen}");
            }

            await BrowserFixture.ScreenshotAsync(page, $"{name}-{screen}");
        }
    }

    /// <summary>A JSON call with the page's own cookie, for setup the journey is not about.</summary>
    public static async Task<JsonElement> ApiAsync(IPage page, string method, string path, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var response = await page.Context.APIRequest.FetchAsync(path, new APIRequestContextOptions { Method = method, DataObject = body ?? new { } });
        var text = await response.TextAsync();
        Assert.True(response.Ok, $"{method} {path} answered {response.Status}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A published course with one content lesson.</summary>
    public static Task PublishSimpleCourseAsync(IPage approver, string id, string title) =>
        PublishCourseAsync(approver, new { id, title, modules = new[] { new { id = "m", title = "Module", lessons = new[] { new { id = "l", title = "The lesson", type = "content", required = true, markdown = "Read this." } } } } });

    public static async Task PublishCourseAsync(IPage approver, object course)
    {
        var created = await ApiAsync(approver, "POST", "/v1/courses", course);
        await ApiAsync(approver, "POST", $"/v1/courses/{created.GetProperty("id").GetString()}/publish", new { changeNotes = "Setup" });
    }

    /// <summary>Starts a one-lesson course and marks its lesson complete, through the pages.</summary>
    public static async Task CompleteSimpleCourseAsync(IPage learner, string courseId)
    {
        ArgumentNullException.ThrowIfNull(learner);
        await learner.GotoAsync($"/Learn/Course/{courseId}");
        await learner.GetByRole(AriaRole.Button, new() { Name = "Start course" }).ClickAsync();
        await learner.GetByRole(AriaRole.Button, new() { Name = "Mark complete" }).ClickAsync();
        await Assertions.Expect(learner.Locator("#complete-status")).ToContainTextAsync("The course is complete.");
    }

    /// <summary>Runs <paramref name="steps"/>, saving a screenshot of every page named <paramref name="name"/> when they fail.</summary>
    public static async Task RunAsync(string name, Func<List<IPage>, Task> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var pages = new List<IPage>();
        try
        {
            await steps(pages);
        }
        catch
        {
            for (var i = 0; i < pages.Count; i++)
            {
                await BrowserFixture.ScreenshotAsync(pages[i], $"{name}-{i}");
            }

            throw;
        }
    }
}
