using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace CoursePortal.Web.Tests.Hosting;

/// <summary>The API reference page (/admin/api-reference/) is for admins only, and everything it runs comes from the
/// portal under a policy that allows no other origin.</summary>
[Collection(LocalModeCollection.Name)]
public sealed partial class ApiReferenceTests(LocalModeFactory factory)
{
    private static readonly Uri Page = new("/admin/api-reference/", UriKind.Relative);

    // The page is refused; Scalar's script files beside it are the package's own, the same for everyone, like the site's.
    [Fact]
    public async Task AnAnonymousVisitorIsSentToSignIn()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var page = await client.GetAsync(Page);
        using var named = await client.GetAsync(new Uri($"{Page}v1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/SignIn", page.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, named.StatusCode);
        Assert.DoesNotContain("initialize(", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("learner@demo.local")]
    [InlineData("author@demo.local")]
    [InlineData("approver@demo.local")]
    public async Task ASignedInUserWhoIsNotAnAdminIsRefused(string email)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInThroughApiAsync(email);

        using var page = await client.GetAsync(Page);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Denied", page.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnAdminGetsThePageAndItsScriptsFromThePortalUnderANoncedPolicy()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInThroughApiAsync("admin@demo.local");

        using var page = await client.GetAsync(Page);
        var html = await page.Content.ReadAsStringAsync();
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        var scripts = new HtmlParser().ParseDocument(html).Scripts.ToList();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var nonce = Assert.Single(NonceOf().Matches(policy)).Groups[1].Value;
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("https:", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        // Every script carries this answer's nonce; the ones with a source are the portal's, relative to the page.
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Equal(nonce, s.GetAttribute("nonce")));
        var sources = scripts.Select(s => s.Source).OfType<string>().Where(s => s.Length > 0).ToList();
        Assert.Contains("scalar.js", sources);
        foreach (var source in sources)
        {
            Assert.False(Uri.TryCreate(source, UriKind.Absolute, out _), $"{source} is not the portal's");
            using var script = await client.GetAsync(new Uri($"{Page}{source}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
            Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 1000, $"{source} is empty");
        }

        // The start-up script asks for the portal's own document, and for no fonts from a CDN.
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachAnswerHasANonceOfItsOwn()
    {
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync("admin@demo.local");

        using var first = await client.GetAsync(Page);
        using var second = await client.GetAsync(Page);

        Assert.NotEqual(NonceOf().Match(first.Headers.GetValues("Content-Security-Policy").Single()).Value,
            NonceOf().Match(second.Headers.GetValues("Content-Security-Policy").Single()).Value);
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceOf();
}
