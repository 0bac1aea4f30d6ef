using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoursePortal.Web.Tests.Pages;

[Collection(LocalModeCollection.Name)]
public sealed class SignInTests(LocalModeFactory factory)
{
    private HttpClient NoRedirects() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task ASignedOutVisitorIsSentToSignInAndComesBackAfterwards()
    {
        var client = NoRedirects();

        using var page = await client.GetAsync(new Uri("/Learn/Catalog", UriKind.Relative));
        var signInPage = await client.GetDocumentAsync(page.Headers.Location!.PathAndQuery);
        using var signedIn = await client.SubmitAsync((IHtmlFormElement)signInPage.QuerySelector("form#sign-in")!,
            new Dictionary<string, string> { ["Input.Email"] = "learner@demo.local", ["Input.Password"] = LocalModeFactory.DemoPassword });

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/SignIn", page.Headers.Location.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/Learn/Catalog", signedIn.Headers.Location!.OriginalString);
        Assert.Contains("HttpOnly", string.Join(";", signedIn.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AWrongPasswordShowsAMessageAndSignsNobodyIn()
    {
        var client = NoRedirects();
        var signInPage = await client.GetDocumentAsync("/Account/SignIn");

        using var response = await client.SubmitAsync((IHtmlFormElement)signInPage.QuerySelector("form#sign-in")!,
            new Dictionary<string, string> { ["Input.Email"] = "learner@demo.local", ["Input.Password"] = "guess" });
        var page = await HtmlDocuments.ParseAsync(client, response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("wrong", page.QuerySelector("[role=alert]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/Learn/Catalog", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AFormPostedWithoutItsAntiforgeryTokenIsRefused()
    {
        var client = NoRedirects();
        await client.GetAsync(new Uri("/Account/SignIn", UriKind.Relative));

        using var response = await client.PostAsync(new Uri("/Account/SignIn", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["Input.Email"] = "learner@demo.local", ["Input.Password"] = LocalModeFactory.DemoPassword }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TheApiSignsInWithJsonAndAnswersEveryRefusalAsProblemDetails()
    {
        var client = NoRedirects();

        var anonymous = await client.GetAsync(new Uri("/v1/courses", UriKind.Relative));
        var wrong = await client.PostAsJsonAsync(new Uri("/v1/session", UriKind.Relative), new { email = "admin@demo.local", password = "nope" });
        var right = await client.PostAsJsonAsync(new Uri("/v1/session", UriKind.Relative), new { email = "admin@demo.local", password = LocalModeFactory.DemoPassword });
        var form = await client.PostAsync(new Uri("/v1/session", UriKind.Relative), new StringContent("email=a&password=b", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var me = await client.GetFromJsonAsync<JsonElement>(new Uri("/v1/me", UriKind.Relative));
        var signOut = await client.DeleteAsync(new Uri("/v1/session", UriKind.Relative));
        var afterSignOut = await client.GetAsync(new Uri("/v1/me", UriKind.Relative));

        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "unauthorized");
        await AssertProblemAsync(wrong, HttpStatusCode.BadRequest, "invalid_credentials");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal("application/problem+json", form.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(["Learner", "Contributor", "Approver", "Admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterSignOut.StatusCode);
    }

    [Fact]
    public async Task PagesCarryTheSecurityHeaders()
    {
        using var response = await factory.CreateClient().GetAsync(new Uri("/", UriKind.Relative));

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task SignInAttemptsAreRateLimited()
    {
        await using var strict = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Security:SignInAttemptsPerMinute", "3");
            b.UseSetting("Orleans:SiloPort", LocalModeFactory.FreePort());
            b.UseSetting("Orleans:GatewayPort", LocalModeFactory.FreePort());
        });
        var client = strict.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.PostAsJsonAsync(new Uri("/v1/session", UriKind.Relative), new { email = "learner@demo.local", password = "guess" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }
}
