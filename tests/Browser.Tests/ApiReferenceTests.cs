using Microsoft.Playwright;

namespace CoursePortal.Browser.Tests;

/// <summary>The API reference page renders the OpenAPI document in a real browser under its content security policy, with
/// every script, style and font from the portal.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiReferenceTests(BrowserFixture fixture)
{
    [Fact]
    public Task AnAdminReadsTheApiReferenceWithNothingFromAnotherOrigin() => Journeys.RunAsync(nameof(AnAdminReadsTheApiReferenceWithNothingFromAnotherOrigin), async pages =>
    {
        var admin = await Journeys.SignedInAsync(fixture, "admin@demo.local");
        pages.Add(admin);
        var errors = new List<string>();
        var foreign = new List<string>();
        admin.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        admin.PageError += (_, error) => errors.Add(error);
        admin.Request += (_, request) =>
        {
            if (new Uri(request.Url) is { Scheme: "http" or "https" } url && url.Authority != fixture.Portal.BaseAddress.Authority)
            {
                foreign.Add(request.Url);
            }
        };

        await admin.GotoAsync("/admin/api-reference/");

        // Scalar fetched the document and rendered its operations and the error codes' schema.
        await Assertions.Expect(admin.Locator("body")).ToContainTextAsync("CoursePortal API", new() { Timeout = 30_000 });
        await Assertions.Expect(admin.Locator("body")).ToContainTextAsync("Signs in with a local account's password");
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        Assert.True(foreign.Count == 0, "requests left the portal: " + string.Join(Environment.NewLine, foreign));
    });
}
