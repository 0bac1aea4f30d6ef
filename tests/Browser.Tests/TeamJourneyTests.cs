using Microsoft.Playwright;

namespace CoursePortal.Browser.Tests;

/// <summary>A manager's day in the browser: the admin gives Fjordline's Ines Berg a manager on the users page, the header
/// then offers My team, which lists her and, one click further, the floor staff below her, and the people ticked get a
/// package with a due date. Each page passes the axe scan, fits a phone, and is saved as screenshots (team-*).</summary>
[Collection(BrowserCollection.Name)]
public sealed class TeamJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public Task AManagerFindsTheirTeamInTheHeaderSeesEveryoneBelowAndAssignsThePeopleTicked() => Journeys.RunAsync(nameof(AManagerFindsTheirTeamInTheHeaderSeesEveryoneBelowAndAssignsThePeopleTicked), async pages =>
    {
        var admin = await Journeys.SignedInAsync(fixture, "admin@demo.local");
        pages.Add(admin);
        var found = new List<string>();
        await Assertions.Expect(admin.Locator("#my-team-link")).ToHaveCountAsync(0);

        await admin.GotoAsync("/Admin/Users?q=ines.berg");
        await admin.GetByLabel("E-mail of the manager of ines.berg@fjordline.example").FillAsync("admin@demo.local");
        await admin.Locator("#users form.manager-form button").ClickAsync();
        await Assertions.Expect(admin.Locator("#status")).ToContainTextAsync("ines.berg@fjordline.example now reports to");
        for (var i = 1; i <= 5; i++)
        {
            await Journeys.ApiAsync(admin, "PUT", $"/v1/users/demo-learner-{i:00}/manager", new { managerId = "demo-ines-berg" });
        }

        await admin.Locator("#my-team-link").ClickAsync();
        await Assertions.Expect(admin.Locator("#team tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(admin.Locator("#team tbody tr .reports")).ToContainTextAsync("5 report(s)");
        await Journeys.CheckPageAsync(admin, "team-direct", found);

        await admin.Locator("#scope-all").ClickAsync();
        await Assertions.Expect(admin.Locator("#team tbody tr")).ToHaveCountAsync(6);
        await Assertions.Expect(admin.Locator("#team tr[data-user-id=demo-learner-01] .manager")).ToHaveTextAsync("Ines Berg");
        await admin.Locator("#team tr[data-user-id=demo-learner-01] details summary").ClickAsync();
        await Assertions.Expect(admin.Locator("#team tr[data-user-id=demo-learner-01] .enrollments li").First).ToBeVisibleAsync();
        await Journeys.CheckPageAsync(admin, "team-everyone", found);

        await admin.Locator("#pick-demo-learner-02").CheckAsync();
        await admin.Locator("#pick-demo-learner-03").CheckAsync();
        await admin.GetByLabel("Package", new() { Exact = true }).SelectOptionAsync("security-basics");
        await admin.GetByLabel("Due (UTC, optional)").FillAsync("2031-01-31T12:00");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.Locator("#results caption")).ToHaveTextAsync("2 of 2 assigned");
        await Assertions.Expect(admin.Locator("#results tbody tr[data-user-id=demo-learner-02]")).ToContainTextAsync("assigned version");
        await Journeys.CheckPageAsync(admin, "team-assigned", found);

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    });
}
