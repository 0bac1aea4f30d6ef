using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CoursePortal.Browser.Tests;

/// <summary>The learner's day in a real browser: home (empty) → packages → the package page before enrolling → enroll →
/// the course page → the player → back home, which now shows the package in progress, where to continue and what was
/// completed. Every page passes the axe scan with no serious or critical violation, fits a phone without sideways
/// scrolling, and is saved as a phone and a desktop screenshot under TestResults/screenshots.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LearnerDayTests(BrowserFixture fixture)
{
    [Fact]
    public Task ALearnerGoesFromHomeThroughAPackageACourseAndThePlayerBackHome() => Journeys.RunAsync(nameof(ALearnerGoesFromHomeThroughAPackageACourseAndThePlayerBackHome), async pages =>
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var (quick, longer, package) = ($"day-a-{run}", $"day-b-{run}", $"day-p-{run}");
        var email = $"day-{run}@example.com";
        var admin = await Journeys.SignedInAsync(fixture, "admin@demo.local");
        pages.Add(admin);
        await Journeys.PublishCourseAsync(admin, new
        {
            id = quick, title = "Quick start", description = "The one lesson to read first.", estimatedDurationMinutes = 10,
            modules = new[] { new { id = "m", title = "Start", lessons = new[] { new { id = "read", title = "Read me first", type = "content", required = true, estimatedDurationMinutes = 10, markdown = "# Read me first\n\nWelcome to the team.\n\n## What next\n\nThe second course." } } } },
        });
        await Journeys.PublishCourseAsync(admin, new
        {
            id = longer, title = "Going further", estimatedDurationMinutes = 25,
            modules = new[]
            {
                new
                {
                    id = "m", title = "Further",
                    lessons = new[]
                    {
                        new { id = "one", title = "Part one", type = "content", required = true, estimatedDurationMinutes = 15, markdown = "Part one." },
                        new { id = "two", title = "Part two", type = "content", required = true, estimatedDurationMinutes = 10, markdown = "Part two." },
                    },
                },
            },
        });
        await Journeys.ApiAsync(admin, "POST", "/v1/packages", new
        {
            id = package, name = $"First week {run}", description = "What every newcomer takes in their first week.", category = "Onboarding",
            requirement = new { set = "all", items = new[] { new { course = quick }, new { course = longer } } },
        });
        await Journeys.ApiAsync(admin, "POST", $"/v1/packages/{package}/publish", new { changeNotes = "Setup" });
        await Journeys.ApiAsync(admin, "POST", "/v1/users", new { email, firstName = "Dana", lastName = "Day", password = Journeys.Password, roles = new[] { "Learner" } });

        var learner = await Journeys.SignedInAsync(fixture, email);
        pages.Add(learner);
        var found = new List<string>();

        await learner.GotoAsync("/");
        await Assertions.Expect(learner.Locator("#home-empty")).ToBeVisibleAsync();
        await Journeys.CheckPageAsync(learner, "day-1-home-empty", found);

        await learner.Locator("#home-empty").GetByRole(AriaRole.Link, new() { Name = "Browse packages" }).ClickAsync();
        await learner.GetByRole(AriaRole.Link, new() { Name = $"First week {run}" }).ClickAsync();
        await Assertions.Expect(learner.Locator("main h1")).ToHaveTextAsync($"First week {run}");
        await Assertions.Expect(learner.Locator("#course-count")).ToHaveTextAsync("2 courses, 35 min in all");
        await Assertions.Expect(learner.Locator("#category")).ToHaveTextAsync("Onboarding");
        await Journeys.CheckPageAsync(learner, "day-2-package", found);

        await learner.GetByRole(AriaRole.Button, new() { Name = "Enroll" }).ClickAsync();
        await Assertions.Expect(learner.Locator("#status")).ToContainTextAsync("enrolled in version 1");
        await learner.Locator($"li[data-course-id={quick}]").GetByRole(AriaRole.Link, new() { Name = "Quick start" }).ClickAsync();
        await Assertions.Expect(learner.Locator("main h1")).ToHaveTextAsync("Quick start");
        await Assertions.Expect(learner.Locator("li[data-lesson-id=read] .lesson-facts")).ToHaveTextAsync("Reading · 10 min · required");
        await Journeys.CheckPageAsync(learner, "day-3-course", found);

        await learner.GetByRole(AriaRole.Button, new() { Name = "Start course" }).ClickAsync();
        // One heading: the lesson's own "# Read me first" is not repeated under the title.
        await Assertions.Expect(learner.Locator("main h1")).ToHaveTextAsync(["Read me first"]);
        await Assertions.Expect(learner.Locator(".lesson-body h2")).ToHaveTextAsync("What next");
        await learner.GetByRole(AriaRole.Button, new() { Name = "Mark complete" }).ClickAsync();
        await Assertions.Expect(learner.Locator("#complete-status")).ToContainTextAsync("The course is complete.");
        await Assertions.Expect(learner.Locator("[data-done-at-for=read]")).ToHaveTextAsync(new Regex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"));
        // The package hears of the completion a moment later; the player shows its progress on the next visit.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(await learner.Locator($"#counts-for [data-package-id={package}] .progress").TextContentAsync() ?? "").Contains("50 %", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the package's progress did not reach the player");
            await Task.Delay(300);
            await learner.ReloadAsync();
        }
        await Journeys.CheckPageAsync(learner, "day-4-player", found);

        await learner.GotoAsync($"/Learn/Package/{package}");
        await learner.Locator($"li[data-course-id={longer}]").GetByRole(AriaRole.Link, new() { Name = "Going further" }).ClickAsync();
        await learner.GetByRole(AriaRole.Button, new() { Name = "Start course" }).ClickAsync();
        await Assertions.Expect(learner.Locator("main h1")).ToHaveTextAsync("Part one");

        await learner.GetByRole(AriaRole.Link, new() { Name = "CoursePortal", Exact = true }).ClickAsync();
        await Assertions.Expect(learner.Locator("main h1")).ToHaveTextAsync("Your learning");
        var row = learner.Locator($".home-package[data-package-id={package}]");
        await Assertions.Expect(row.Locator(".status")).ToHaveTextAsync("In progress");
        await Assertions.Expect(row.Locator(".progress")).ToContainTextAsync("50 %");
        await Assertions.Expect(learner.Locator($"#recent li[data-id={quick}]")).ToBeVisibleAsync();
        await Assertions.Expect(learner.Locator("#continue")).ToContainTextAsync("Part one");
        await Journeys.CheckPageAsync(learner, "day-5-home", found);

        await learner.Locator("#continue-link").ClickAsync();
        await Assertions.Expect(learner.Locator("main h1")).ToHaveTextAsync("Part one");
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    });
}
