using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>Deactivating and reactivating accounts on /Admin/Users, and what a deactivated person meets on the site: their
/// open session ends on the next page and the sign-in page refuses them with a clear message.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class UserDeactivationPageTests(LocalModeFactory factory)
{
    private const string Password = "deactivation-page-1";

    [Fact]
    public async Task ADeactivatedLearnerIsSignedOutOnTheNextPageAndRefusedBySignInUntilReactivated()
    {
        var admin = factory.CreateClient();
        await admin.SignInAsync("admin@demo.local");
        var email = await NewLearnerAsync(admin);
        var learner = factory.CreateClient();
        await learner.SignInAsync(email, Password);
        Assert.Equal("/Account/Profile", await LandsOnAsync(learner, "/Account/Profile"));

        var found = await admin.GetDocumentAsync($"/Admin/Users?q={email}");
        var deactivated = await admin.PostFormAsync(found, "#users tbody tr form.activation-form");

        Assert.Equal($"{email} is deactivated: they cannot sign in, and their record is kept.", deactivated.QuerySelector("#status")?.TextContent);
        Assert.Equal("Deactivated", deactivated.QuerySelector("#users tbody tr .account-state")?.TextContent);
        Assert.Equal("/Account/SignIn", await LandsOnAsync(learner, "/Account/Profile"));
        var refused = await SignInPageAsync(email, Password);
        Assert.Contains("This account is deactivated", refused.QuerySelector("#sign-in [role=alert]")?.TextContent, StringComparison.Ordinal);

        var reactivated = await admin.PostFormAsync(deactivated, "#users tbody tr form.activation-form");

        Assert.Equal($"{email} can sign in again.", reactivated.QuerySelector("#status")?.TextContent);
        Assert.Equal("Active", reactivated.QuerySelector("#users tbody tr .account-state")?.TextContent);
        var again = factory.CreateClient();
        await again.SignInAsync(email, Password);
        Assert.Equal("/Account/Profile", await LandsOnAsync(again, "/Account/Profile"));
    }

    [Fact]
    public async Task TheUsersPageRefusesAnAdminDeactivatingThemselvesAndChangesNothing()
    {
        var admin = factory.CreateClient();
        await admin.SignInAsync("admin@demo.local");
        var own = await admin.GetDocumentAsync("/Admin/Users?q=admin@demo.local");

        var refused = await admin.PostFormAsync(own, "#users tbody tr form.activation-form");

        Assert.Contains("You cannot deactivate your own account", HtmlDocuments.Problems(refused), StringComparison.Ordinal);
        Assert.Equal("Active", refused.QuerySelector("#users tbody tr .account-state")?.TextContent);
        Assert.Equal("/Account/Profile", await LandsOnAsync(admin, "/Account/Profile"));
    }

    [Fact]
    public async Task EveryRowOffersDeactivationBehindAConfirmation()
    {
        var admin = factory.CreateClient();
        await admin.SignInAsync("admin@demo.local");
        var email = await NewLearnerAsync(admin);

        var page = await admin.GetDocumentAsync($"/Admin/Users?q={email}");

        var form = Assert.IsAssignableFrom<IHtmlFormElement>(page.QuerySelector("#users tbody tr form.activation-form"));
        Assert.StartsWith($"Deactivate {email}?", form.GetAttribute("data-confirm"), StringComparison.Ordinal);
    }

    private static async Task<string> NewLearnerAsync(HttpClient admin)
    {
        var email = $"dp{Guid.NewGuid():N}"[..12] + "@example.com";
        using var created = await admin.PostAsJsonAsync(new Uri("/v1/users", UriKind.Relative),
            new { email, firstName = "Dee", lastName = "Activated", password = Password, roles = new[] { "Learner" } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return email;
    }

    private async Task<AngleSharp.Dom.IDocument> SignInPageAsync(string email, string password)
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/Account/SignIn");
        using var response = await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("form#sign-in")!,
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await HtmlDocuments.ParseAsync(client, response);
    }

    // Where a request for the page ends after redirects: the page itself while signed in, the sign-in page otherwise.
    private static async Task<string> LandsOnAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return response.RequestMessage!.RequestUri!.AbsolutePath;
    }
}
