using Microsoft.Playwright;

namespace CoursePortal.Browser.Tests;

/// <summary>The admin's enrollments list and course report on the demo company, at phone and desktop width: nothing but
/// the tables scrolls sideways, and a screenshot of each goes under TestResults/screenshots.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminReportPagesTests(BrowserFixture fixture)
{
    [Fact]
    public Task TheEnrollmentsAndCourseReportPagesReadAtPhoneAndDesktopWidth() => Journeys.RunAsync(nameof(TheEnrollmentsAndCourseReportPagesReadAtPhoneAndDesktopWidth), async pages =>
    {
        var admin = await Journeys.SignedInAsync(fixture, "admin@demo.local");
        pages.Add(admin);
        foreach (var (name, path) in new[]
        {
            ("enrollments", "/Admin/Enrollments?packageId=warehouse-onboarding"),
            ("enrollments-search", "/Admin/Enrollments?packageId=safety-certification&q=fjordline"),
            ("course-report", "/Admin/CourseReport?courseId=forklift-safety"),
        })
        {
            foreach (var (width, height) in new[] { (390, 844), (1280, 900) })
            {
                await admin.SetViewportSizeAsync(width, height);
                await admin.GotoAsync(path);
                await Assertions.Expect(admin.Locator("table")).ToBeVisibleAsync();

                var pageWidth = await admin.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(pageWidth <= width, $"{path} is {pageWidth}px wide at {width}px");
                await BrowserFixture.ScreenshotAsync(admin, $"admin-{name}-{width}");
            }
        }

        await admin.GotoAsync("/Admin/Reports?packageId=warehouse-onboarding");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Every enrollment" }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Enrollments in Warehouse Onboarding");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#enrollments tbody tr").First).ToBeVisibleAsync();
    });
}
