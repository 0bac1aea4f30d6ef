using Microsoft.Playwright;

namespace CoursePortal.Browser.Tests;

/// <summary>The three journeys in one story, in a real browser: (a) an author builds a course with every lesson
/// type and a package with a 6-of-10 choice and a series, an approver publishes; (b) a learner enrolls, completes
/// lessons and the assessment, sees the series unlock and the package complete; (c) an approver publishes v2, the
/// first learner keeps v1 and a new learner gets v2.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AuthoringJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public Task AuthorBuildsApproverPublishesLearnersKeepTheirVersion() => Journeys.RunAsync(nameof(AuthorBuildsApproverPublishesLearnersKeepTheirVersion), async pages =>
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var courseId = $"j-{run}";
        var packageId = $"jp-{run}";
        var electives = Enumerable.Range(1, 10).Select(i => $"e{i}-{run}").ToArray();
        var series = new[] { $"s1-{run}", $"s2-{run}" };

        var approver = await Journeys.SignedInAsync(fixture, "approver@demo.local");
        pages.Add(approver);
        foreach (var id in electives.Concat(series))
        {
            await Journeys.PublishSimpleCourseAsync(approver, id, $"Course {id}");
        }

        // (a) The author builds the course: a module and one lesson of each type.
        var author = await Journeys.SignedInAsync(fixture, "author@demo.local");
        pages.Add(author);
        await author.GotoAsync("/Author");
        await author.GetByRole(AriaRole.Link, new() { Name = "New course" }).ClickAsync();
        await author.GetByLabel("Course id").FillAsync(courseId);
        await author.GetByLabel("Title").FillAsync("Journey course");
        await author.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        await author.GetByLabel("New module title").FillAsync("Basics");
        await author.GetByRole(AriaRole.Button, new() { Name = "Add module" }).ClickAsync();
        await Assertions.Expect(author.Locator("#status")).ToHaveTextAsync("Module added.");

        async Task AddLessonAsync(string title, string type, Func<Task> fill)
        {
            await author.GetByRole(AriaRole.Link, new() { Name = "Add a lesson to Basics" }).ClickAsync();
            await author.GetByLabel("Title").FillAsync(title);
            await author.GetByLabel("Type").SelectOptionAsync(type);
            await fill();
            await author.GetByRole(AriaRole.Button, new() { Name = "Save lesson" }).ClickAsync();
            await Assertions.Expect(author.Locator("#status")).ToHaveTextAsync($"Lesson '{title}' saved.");
        }

        await AddLessonAsync("Read", "Content", () => author.GetByLabel("Body (Markdown)").FillAsync("# Welcome\n\nRead **this**."));
        await AddLessonAsync("Watch", "Video", async () =>
        {
            // Only the chosen type's fields show once the script runs.
            await Assertions.Expect(author.GetByLabel("Body (Markdown)")).ToBeHiddenAsync();
            await author.GetByLabel("Video URL").FillAsync("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
        });
        await AddLessonAsync("Policy", "Document", () => author.GetByLabel("Document URL").FillAsync("https://example.com/policy.pdf"));
        await AddLessonAsync("Quiz", "Assessment", async () =>
        {
            await author.GetByLabel("Pass mark (%)").FillAsync("50");
            await author.Locator("[name='Input.Questions[0].Text']").FillAsync("Which is safe?");
            await author.Locator("[name='Input.Questions[0].Options[0].Text']").FillAsync("Reporting a phish");
            await author.Locator("input[type=checkbox][name='Input.Questions[0].Options[0].Correct']").CheckAsync();
            await author.Locator("[name='Input.Questions[0].Options[1].Text']").FillAsync("Clicking the link");
        });
        await Assertions.Expect(author.Locator("li.lesson")).ToHaveCountAsync(4);

        // The package: the course, a choice of 6 of 10 electives with 2 required, and a series of 2.
        await author.GotoAsync("/Author/Packages/New");
        await author.GetByLabel("Package id").FillAsync(packageId);
        await author.GetByLabel("Name").FillAsync("Journey package");
        await author.GetByLabel($"Course {series[0]}").CheckAsync();
        await author.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        var root = author.Locator("#requirement > .requirement-set");
        // The course itself (a draft only until the approver publishes it) joins through the add-course form.
        await root.Locator("> details > summary").ClickAsync();
        await root.Locator("> details form.add-course select[name=courseId]").SelectOptionAsync(courseId);
        await root.Locator("> details form.add-course").GetByRole(AriaRole.Button, new() { Name = "Add course" }).ClickAsync();
        await Assertions.Expect(author.Locator("#status")).ToHaveTextAsync("Course added.");
        // Replace the lone series course with a real series group.
        await author.Locator($"li[data-path='0'] > div > form[action*=Remove]").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(author.Locator("#status")).ToHaveTextAsync("Removed.");

        await root.Locator("> details > summary").ClickAsync();
        var addGroup = root.Locator("> details form.add-group");
        await addGroup.GetByLabel("Group name").FillAsync("Electives");
        await addGroup.GetByLabel("Rule").SelectOptionAsync("AtLeast");
        await addGroup.GetByLabel("n", new() { Exact = true }).FillAsync("6");
        foreach (var id in electives)
        {
            await addGroup.GetByLabel($"Course {id}").CheckAsync();
        }

        await addGroup.GetByRole(AriaRole.Button, new() { Name = "Add group" }).ClickAsync();
        await Assertions.Expect(author.Locator("#status")).ToHaveTextAsync("Group added.");
        foreach (var required in electives.Take(2))
        {
            var item = author.Locator("li[data-path^='1.']", new() { Has = author.Locator($"[data-course-id='{required}']") });
            await item.GetByLabel("Required").CheckAsync();
            await item.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Assertions.Expect(author.Locator("#status")).ToHaveTextAsync("Course saved.");
        }

        await Assertions.Expect(author.Locator("li[data-path='1'] .rule-wording").First)
            .ToHaveTextAsync($"Complete 6 of these 10; Course {electives[0]} and Course {electives[1]} are required.");
        await root.Locator("> details > summary").ClickAsync();
        await addGroup.GetByLabel("Group name").FillAsync("Series");
        await addGroup.GetByLabel("Rule").SelectOptionAsync("AllInOrder");
        await addGroup.GetByLabel($"Course {series[0]}").CheckAsync();
        await addGroup.GetByLabel($"Course {series[1]}").CheckAsync();
        await addGroup.GetByRole(AriaRole.Button, new() { Name = "Add group" }).ClickAsync();
        await Assertions.Expect(author.Locator("#status")).ToHaveTextAsync("Group added.");

        // The approver publishes the course, then the package, through the publish dialogs.
        async Task PublishAsync(string path, string notes)
        {
            await approver.GotoAsync(path);
            await approver.GetByLabel("Change notes").FillAsync(notes);
            await approver.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Publish version") }).ClickAsync();
            await Assertions.Expect(approver.Locator("#status")).ToContainTextAsync("is published and active.");
        }

        await PublishAsync($"/Author/Courses/{courseId}/Publish", "First release");
        await PublishAsync($"/Author/Packages/{packageId}/Publish", "First release");

        // (b) The learner enrolls, and works through it.
        var learner = await Journeys.SignedInAsync(fixture, "learner@demo.local");
        pages.Add(learner);
        await learner.GotoAsync("/Learn/Packages");
        var card = learner.Locator($"[data-package-id={packageId}]");
        await card.GetByRole(AriaRole.Button, new() { Name = "Enroll" }).ClickAsync();
        await Assertions.Expect(learner.Locator("#status")).ToContainTextAsync("enrolled in version 1");
        var enrollment = learner.Locator($".enrollment[data-package-id={packageId}]");
        await Assertions.Expect(enrollment.Locator($"li[data-course-id='{series[1]}']")).ToHaveAttributeAsync("data-state", "locked");

        foreach (var id in electives.Take(6))
        {
            await Journeys.CompleteSimpleCourseAsync(learner, id);
        }

        await Journeys.CompleteSimpleCourseAsync(learner, series[0]);
        await learner.GotoAsync("/Learn/MyLearning");
        await Assertions.Expect(enrollment.Locator($"li[data-course-id='{series[1]}']")).ToHaveAttributeAsync("data-state", "available");
        await Journeys.CompleteSimpleCourseAsync(learner, series[1]);

        await learner.GotoAsync($"/Learn/Course/{courseId}");
        await learner.GetByRole(AriaRole.Button, new() { Name = "Start course" }).ClickAsync();
        foreach (var title in new[] { "Read", "Watch", "Policy" })
        {
            await Assertions.Expect(learner.Locator("#lesson > h1")).ToHaveTextAsync(title);
            await learner.GetByRole(AriaRole.Button, new() { Name = "Mark complete" }).ClickAsync();
            await Assertions.Expect(learner.Locator("#complete-status")).ToHaveTextAsync("Lesson completed.");
            await learner.GetByRole(AriaRole.Link, new() { Name = "Next lesson →" }).ClickAsync();
        }

        await Assertions.Expect(learner.Locator("#lesson > h1")).ToHaveTextAsync("Quiz");
        await learner.GetByLabel("Clicking the link").CheckAsync();
        await learner.GetByRole(AriaRole.Button, new() { Name = "Submit answers" }).ClickAsync();
        await Assertions.Expect(learner.Locator("#status")).ToContainTextAsync("Not passed: 0 %");
        await learner.GetByLabel("Reporting a phish").CheckAsync();
        await learner.GetByRole(AriaRole.Button, new() { Name = "Submit answers" }).ClickAsync();
        await Assertions.Expect(learner.Locator("#status")).ToContainTextAsync("Passed with 100 %");

        await learner.GotoAsync("/Learn/MyLearning");
        await Assertions.Expect(enrollment.Locator(".status")).ToHaveTextAsync("Completed");
        await Assertions.Expect(enrollment.GetByRole(AriaRole.Progressbar)).ToContainTextAsync("100 %");
        await BrowserFixture.ScreenshotAsync(learner, "journey-package-complete");

        // (c) Version 2: one fewer elective needed. The first learner keeps v1; a new learner gets v2.
        await approver.GotoAsync($"/Author/Packages/{packageId}");
        await approver.GetByRole(AriaRole.Button, new() { Name = "Create new version" }).ClickAsync();
        var electivesSet = approver.Locator("li[data-path='1'] > .requirement-set > form.set-form");
        await electivesSet.GetByLabel("n", new() { Exact = true }).FillAsync("5");
        await electivesSet.GetByRole(AriaRole.Button, new() { Name = "Save rule" }).ClickAsync();
        await Assertions.Expect(approver.Locator("#status")).ToHaveTextAsync("Rule saved.");
        // Four-eyes is off here, so the approver who edited may publish; the dialog shows who is enrolled now.
        await approver.GotoAsync($"/Author/Packages/{packageId}/Publish");
        await Assertions.Expect(approver.Locator("#active-learners")).ToContainTextAsync("1 learner(s) are enrolled in version 1");
        await approver.GetByLabel("Change notes").FillAsync("Five electives are enough");
        await approver.GetByRole(AriaRole.Button, new() { Name = "Publish version 2" }).ClickAsync();
        await Assertions.Expect(approver.Locator("#status")).ToHaveTextAsync("Version 2 is published and active.");

        await learner.GotoAsync("/Learn/MyLearning");
        await Assertions.Expect(enrollment.Locator("h2")).ToContainTextAsync("v1");
        var newcomer = await Journeys.SignedInAsync(fixture, "admin@demo.local");
        pages.Add(newcomer);
        await newcomer.GotoAsync("/Learn/Packages");
        await newcomer.Locator($"[data-package-id={packageId}]").GetByRole(AriaRole.Button, new() { Name = "Enroll" }).ClickAsync();
        await Assertions.Expect(newcomer.Locator("#status")).ToContainTextAsync("enrolled in version 2");
        await Assertions.Expect(newcomer.Locator($".enrollment[data-package-id={packageId}] h2")).ToContainTextAsync("v2");
    });
}
