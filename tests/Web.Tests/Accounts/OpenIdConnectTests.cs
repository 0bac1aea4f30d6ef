using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoursePortal.Web.Tests.Accounts;

/// <summary>The portal signed in by a company identity provider: the real OpenID Connect handler runs the code flow
/// (with PKCE) against a provider on a loopback port.</summary>
public sealed class OpenIdConnectTests : IAsyncLifetime
{
    private FakeIdentityProvider _provider = null!;
    private WebApplicationFactory<Program> _portal = null!;

    public async Task InitializeAsync()
    {
        _provider = await FakeIdentityProvider.StartAsync();
        _portal = new LocalModeFactory().WithWebHostBuilder(b =>
        {
            b.UseSetting("Authentication:OpenIdConnect:Authority", _provider.Authority);
            b.UseSetting("Authentication:OpenIdConnect:ClientId", FakeIdentityProvider.ClientId);
            b.UseSetting("Authentication:OpenIdConnect:ClientSecret", FakeIdentityProvider.ClientSecret);
            b.UseSetting("Authentication:OpenIdConnect:RequireHttpsMetadata", "false");
            b.UseSetting("Authentication:OpenIdConnect:DisplayName", "Example Corp");
            b.UseSetting("Authentication:OpenIdConnect:RoleMap:lms-authors", "Contributor");
        });
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _provider.DisposeAsync();
    }

    /// <summary>Runs the browser's part: the portal's challenge, the provider's redirect back, the callback.</summary>
    private async Task<HttpClient> SignInAsync(Dictionary<string, object> user)
    {
        _provider.NextUser = user;
        var client = _portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await HtmlDocuments.ParseAsync(client, await client.GetAsync(new Uri("/Account/SignIn", UriKind.Relative)));
        using var challenge = await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("form#external-sign-in")!, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith($"{_provider.Authority}/authorize", challenge.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var authorized = await browser.GetAsync(challenge.Headers.Location);
        var callback = authorized.Headers.Location!;
        using var signedIn = await client.GetAsync(new Uri(callback.PathAndQuery, UriKind.Relative));
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect && signedIn.Headers.Location?.OriginalString == "/", $"callback answered {(int)signedIn.StatusCode} to {signedIn.Headers.Location}: {await signedIn.Content.ReadAsStringAsync()}");
        return client;
    }

    [Fact]
    public async Task AProviderUserGetsAnAccountWithTheMappedRoleAndTheRoleFollowsTheProvider()
    {
        var email = $"ext{Guid.NewGuid():N}"[..11] + "@example.com";
        var first = await SignInAsync(FakeIdentityProvider.User("sub-1", email, "lms-authors", "unrelated-group"));
        var me = await first.GetFromJsonAsync<JsonElement>(new Uri("/v1/me", UriKind.Relative));
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal(["Learner", "Contributor"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // Role claims the portal does not know make a learner; no role claim at all leaves the roles alone.
        var again = await SignInAsync(FakeIdentityProvider.User("sub-1", email, "employees"));
        var later = await again.GetFromJsonAsync<JsonElement>(new Uri("/v1/me", UriKind.Relative));
        Assert.Equal(me.GetProperty("userId").GetString(), later.GetProperty("userId").GetString());
        Assert.Equal(["Learner"], later.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var admin = _portal.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        (await admin.PutAsJsonAsync(new Uri($"/v1/users/{later.GetProperty("userId").GetString()}/roles", UriKind.Relative), new { roles = new[] { "Approver" } })).EnsureSuccessStatusCode();
        var withoutRoles = FakeIdentityProvider.User("sub-1", email);
        withoutRoles.Remove("roles");
        var third = await SignInAsync(withoutRoles);
        var kept = await third.GetFromJsonAsync<JsonElement>(new Uri("/v1/me", UriKind.Relative));
        Assert.Equal(["Learner", "Contributor", "Approver"], kept.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task ACallbackWithAForgedCodeSignsNobodyIn()
    {
        var client = _portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var forged = await client.GetAsync(new Uri("/signin-oidc?code=made-up&state=made-up", UriKind.Relative));
        using var me = await client.GetAsync(new Uri("/v1/me", UriKind.Relative));

        Assert.Equal("/Account/SignIn?failed=true", forged.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public void RoleClaimsMapByNameOrByTheTableAndUnknownOnesAreIgnored()
    {
        var settings = new OpenIdConnectSettings { RoleMap = new(StringComparer.OrdinalIgnoreCase) { ["lms-admins"] = "Admin" } };

        var approver = ExternalIdentity.From(FakeIdentityProvider.Principal(FakeIdentityProvider.User("s", "a@example.com", "approver", "nobody-knows")), settings);
        var admin = ExternalIdentity.From(FakeIdentityProvider.Principal(FakeIdentityProvider.User("s", "a@example.com", "LMS-ADMINS")), settings);
        var none = ExternalIdentity.From(FakeIdentityProvider.Principal(FakeIdentityProvider.User("s", "a@example.com", "3")), settings);

        Assert.Equal([Role.Learner, Role.Contributor, Role.Approver], approver.Roles.AsEnumerable());
        Assert.Equal(Role.Admin, admin.Roles.Max());
        Assert.Equal([Role.Learner], none.Roles.AsEnumerable());
    }
}
