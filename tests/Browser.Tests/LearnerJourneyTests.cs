using Microsoft.Playwright;

namespace CoursePortal.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LearnerJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ALearnerSignsInEnrollsAndCompletesLessonsInARealBrowser()
    {
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("/Learn/MyLearning");
            await page.GetByLabel("E-mail address").FillAsync("learner@demo.local");
            await page.GetByLabel("Password").FillAsync("CoursePortal-demo-1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page.Locator("#no-enrollments")).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Packages", Exact = true }).ClickAsync();
            var card = page.Locator("[data-package-id=security-basics]");
            await Assertions.Expect(card.Locator(".rule")).ToHaveTextAsync("Complete the 2 required of these 3.");
            await card.GetByRole(AriaRole.Button, new() { Name = "Enroll" }).ClickAsync();
            await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("enrolled in version 1");

            await page.GotoAsync("/Learn/Course/password-security");
            await page.GetByRole(AriaRole.Button, new() { Name = "Start course" }).ClickAsync();
            await Assertions.Expect(page.Locator("#lesson > h1")).ToHaveTextAsync("Pass phrases");
            // The script marks the lesson complete through the API: the page stays, its progress and marks update.
            var url = page.Url;
            await page.GetByRole(AriaRole.Button, new() { Name = "Mark complete" }).ClickAsync();
            await Assertions.Expect(page.Locator("#complete-status")).ToHaveTextAsync("Lesson completed.");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Completed" })).ToBeDisabledAsync();
            await Assertions.Expect(page.Locator("[data-done-for=pass-phrases]")).ToHaveTextAsync("✓");
            Assert.Equal(url, page.Url);
            await page.GetByRole(AriaRole.Link, new() { Name = "Next lesson →" }).ClickAsync();
            await Assertions.Expect(page.Locator("#lesson > h1")).ToHaveTextAsync("Multi-factor sign-in");
            await page.GetByRole(AriaRole.Button, new() { Name = "Mark complete" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Course progress" })).ToContainTextAsync("100 %");
            await Assertions.Expect(page.Locator("#complete-status")).ToHaveTextAsync("Lesson completed. The course is complete.");

            await page.GotoAsync("/Learn/MyLearning");
            await Assertions.Expect(page.Locator(".enrollment[data-package-id=security-basics] li[data-course-id=password-security]"))
                .ToHaveAttributeAsync("data-state", "completed");
            // The stylesheet is served under the CSP: the banner is styled, not plain text.
            await Assertions.Expect(page.Locator(".local-mode-banner")).ToHaveCSSAsync("background-color", "rgb(255, 243, 205)");
            await BrowserFixture.ScreenshotAsync(page, "my-learning");
        }
        catch
        {
            await BrowserFixture.ScreenshotAsync(page, nameof(ALearnerSignsInEnrollsAndCompletesLessonsInARealBrowser));
            throw;
        }
    }
}
