using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CoursePortal.Browser.Tests;

/// <summary>The Orleans dashboard, mounted in the web for admins, runs under the site's content security policy.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(BrowserFixture fixture)
{
    [Fact]
    public Task AnAdminSeesTheClusterInTheDashboard() => Journeys.RunAsync(nameof(AnAdminSeesTheClusterInTheDashboard), async pages =>
    {
        var admin = await Journeys.SignedInAsync(fixture, "admin@demo.local");
        pages.Add(admin);
        var errors = new List<string>();
        admin.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        admin.PageError += (_, error) => errors.Add(error);
        admin.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };

        await admin.GotoAsync("/admin/dashboard/");

        // The overview's cards fill in from the dashboard's API: the local portal is one silo.
        await Assertions.Expect(admin.Locator("body")).ToContainTextAsync(new Regex(@"Active Silos\s*1\s*More info", RegexOptions.IgnoreCase));
        await Assertions.Expect(admin.Locator("body")).ToContainTextAsync("TOTAL ACTIVATIONS", new() { IgnoreCase = true });
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    });
}
