using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CoursePortal.Browser.Tests;

/// <summary>The demo company as an admin finds it on first start: the 6-of-10 package and a demo course as a learner
/// reads them, the authoring overview, a package's v1 → v2 history and its v1 read-only, and the package report with both versions and
/// last month's completions. Each page shows the demo's data, passes the axe scan with no serious or critical
/// violation, fits a phone without sideways scrolling, and is saved as a phone and a desktop screenshot under
/// TestResults/screenshots (demo-*).</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class DemoTourTests(BrowserFixture fixture)
{
    [Fact]
    public Task EveryFirstScreenOfTheDemoCompanyShowsItsDataAndReadsOnAPhoneAndADesktop() => Journeys.RunAsync(nameof(EveryFirstScreenOfTheDemoCompanyShowsItsDataAndReadsOnAPhoneAndADesktop), async pages =>
    {
        var admin = await Journeys.SignedInAsync(fixture, "admin@demo.local");
        pages.Add(admin);
        var found = new List<string>();

        await admin.GotoAsync("/Learn/Package/professional-development");
        await Assertions.Expect(admin.Locator("#course-count")).ToContainTextAsync("10 courses");
        await Assertions.Expect(admin.Locator(".rule").First).ToContainTextAsync("Complete 6 of these 10; Customer Service and Handling Customer Data are required.");
        await Assertions.Expect(admin.Locator(".requirement-course")).ToHaveCountAsync(10);
        await Journeys.CheckPageAsync(admin, "demo-package-choice", found);

        await admin.GotoAsync("/Learn/Course/forklift-safety");
        await Assertions.Expect(admin.Locator(".instructor")).ToContainTextAsync("Omar Haddad");
        await Assertions.Expect(admin.Locator(".instructor")).ToContainTextAsync("forklift instructor");
        await Assertions.Expect(admin.Locator(".lesson")).ToHaveCountAsync(3);
        await Journeys.CheckPageAsync(admin, "demo-course", found);

        await admin.GotoAsync("/Author");
        await Assertions.Expect(admin.Locator("#packages .authored-item[data-id=warehouse-onboarding]")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("#courses .authored-item[data-id=first-aid-basics]")).ToBeVisibleAsync();
        await Journeys.CheckPageAsync(admin, "demo-authoring", found);

        await admin.GotoAsync("/Author/Packages/warehouse-onboarding/History");
        await Assertions.Expect(admin.Locator("#versions tr[data-version]")).ToHaveCountAsync(2);
        await Journeys.CheckPageAsync(admin, "demo-package-history", found);

        // The older version, read-only: its whole tree, who published it and when, and that v2 replaced it.
        await admin.GotoAsync("/Author/Packages/warehouse-onboarding?version=1");
        await Assertions.Expect(admin.Locator("#version-audit")).ToContainTextAsync("v1, archived");
        await Assertions.Expect(admin.Locator("#published-by")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("form textarea, form input[type=text]")).ToHaveCountAsync(0);
        await Journeys.CheckPageAsync(admin, "demo-package-version-1", found);

        await admin.GotoAsync("/Admin/Reports?packageId=warehouse-onboarding");
        await Assertions.Expect(admin.Locator("#report tbody tr")).ToHaveCountAsync(2);
        var days = await admin.Locator("#chart-days").GetAttributeAsync("aria-label") ?? "";
        var completions = CompletionsPerDay().Match(days);
        Assert.True(completions.Success && int.Parse(completions.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0,
            $"the demo's onboarding report has no completions in its chart: '{days}'");
        await Journeys.CheckPageAsync(admin, "demo-package-report", found);

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    });

    [GeneratedRegex(@"Completions per day: (\d+) in the last")]
    private static partial Regex CompletionsPerDay();
}
