using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Hosting;

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

    /// <summary>Runs the browser's part and expects to be signed in and sent home.</summary>
    private async Task<HttpClient> SignInAsync(Dictionary<string, object> user)
    {
        var (client, signedIn) = await CallbackAsync(user);
        using (signedIn)
        {
            Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect && signedIn.Headers.Location?.OriginalString == "/", $"callback answered {(int)signedIn.StatusCode} to {signedIn.Headers.Location}: {await signedIn.Content.ReadAsStringAsync()}");
        }

        return client;
    }

    /// <summary>Runs the browser's part: the portal's challenge, the provider's redirect back, the callback; returns the
    /// browser's client and the callback's answer.</summary>
    private async Task<(HttpClient Client, HttpResponseMessage Callback)> CallbackAsync(Dictionary<string, object> user)
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
        return (client, await client.GetAsync(new Uri(callback.PathAndQuery, UriKind.Relative)));
    }

    private AccountService Accounts => _portal.Services.GetRequiredService<AccountService>();

    private IUserGrain User(string userId) => _portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(GrainKeys.User(userId));

    private IUserCredentialsGrain Credentials(string userId) =>
        _portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserCredentialsGrain>(GrainKeys.UserCredentials(userId));

    private static string NewEmail() => $"ext{Guid.NewGuid():N}"[..11] + "@example.com";

    private static Dictionary<string, object> Verified(Dictionary<string, object> user, bool? verified = true)
    {
        if (verified is { } value)
        {
            user["email_verified"] = value;
        }

        return user;
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AProviderAccountCarryingTheLocalAdminsAddressGetsNothingOfTheAdmins(bool? emailVerified)
    {
        var adminId = (await Accounts.FindUserIdAsync("admin@demo.local"))!;
        var before = await User(adminId).GetProfileAsync();
        var hashBefore = await Credentials(adminId).GetPasswordHashAsync();

        // A provider account someone made with the admin's address, which would make them a mere author if it were linked.
        var (client, callback) = await CallbackAsync(Verified(FakeIdentityProvider.User("attacker-1", "admin@demo.local", "lms-authors"), emailVerified));
        using (callback)
        {
            Assert.Equal(ExternalSignIn.RefusedPath, callback.Headers.Location?.OriginalString);
        }

        using var me = await client.GetAsync(new Uri("/v1/me", UriKind.Relative));
        var page = await client.GetDocumentAsync(ExternalSignIn.RefusedPath);
        var grains = _portal.Services.GetRequiredService<IGrainFactory>();

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.NotNull(page.QuerySelector("#external-refused"));
        Assert.Equal(Json(before), Json(await User(adminId).GetProfileAsync()));
        Assert.Equal(hashBefore, await Credentials(adminId).GetPasswordHashAsync());
        Assert.Null(await grains.GetGrain<IExternalLoginGrain>(GrainKeys.ExternalLogin(_provider.Authority, "attacker-1")).GetOwnerAsync());
        var admin = _portal.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        Assert.Equal(["Learner", "Contributor", "Approver", "Admin"],
            (await admin.GetFromJsonAsync<JsonElement>(new Uri("/v1/me", UriKind.Relative))).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task AnAccountMadeForCompanySignInIsLinkedOnlyWhenTheProviderVerifiedItsAddress()
    {
        var email = NewEmail();
        var created = await Accounts.CreateAsync(email, "Cora", "Company", null, [Role.Learner], "test");

        var (unverified, refused) = await CallbackAsync(Verified(FakeIdentityProvider.User("sub-cora", email), verified: false));
        using (refused)
        {
            Assert.Equal(ExternalSignIn.RefusedPath, refused.Headers.Location?.OriginalString);
        }

        Assert.Equal(Json(created), Json(await User(created.UserId).GetProfileAsync()));
        var first = await SignInAsync(Verified(FakeIdentityProvider.User("sub-cora", email)));
        // Later sign-ins find the account by issuer and subject, whatever address the provider sends by then.
        var later = await SignInAsync(FakeIdentityProvider.User("sub-cora", NewEmail()));

        foreach (var client in new[] { first, later })
        {
            Assert.Equal(created.UserId, (await client.GetFromJsonAsync<JsonElement>(new Uri("/v1/me", UriKind.Relative))).GetProperty("userId").GetString());
        }

        var linked = await User(created.UserId).GetProfileAsync();
        Assert.Equal((_provider.Authority, "sub-cora", email), (linked.ExternalIssuer, linked.ExternalSubject, linked.Email));
        using var stillOut = await unverified.GetAsync(new Uri("/v1/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, stillOut.StatusCode);
    }

    [Fact]
    public async Task AUserOfAnotherProviderWithTheSameSubjectIsSomeoneElse()
    {
        var subject = $"shared-{Guid.NewGuid():N}";
        var email = NewEmail();

        var first = await Accounts.ProvisionExternalAsync(new ExternalIdentity("https://idp-a.example", subject, email, true, "Ann", "One", null, [Role.Learner]));
        var second = await Accounts.ProvisionExternalAsync(new ExternalIdentity("https://idp-b.example", subject, NewEmail(), true, "Bob", "Two", null, [Role.Learner]));
        // Nor does a third provider get the first one's account by sending the same subject and its (verified) address.
        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Accounts.ProvisionExternalAsync(new ExternalIdentity("https://idp-c.example", subject, email, true, "Eve", "Three", null, [Role.Learner])));

        Assert.NotEqual(first.UserId, second.UserId);
        Assert.Equal(ErrorCodes.ExternalLinkRefused, refusal.Code);
        Assert.Equal(Json(first), Json(await User(first.UserId).GetProfileAsync()));
        Assert.Equal(first.UserId, (await Accounts.ProvisionExternalAsync(new ExternalIdentity("https://idp-a.example", subject, NewEmail(), false, "Ann", "One", null, [Role.Learner]))).UserId);
    }

    [Fact]
    public async Task AProviderRoleNamedAdminMakesALearnerWithoutARoleMapEntry()
    {
        var client = await SignInAsync(FakeIdentityProvider.User("sub-named-admin", NewEmail(), "Admin", "approver"));

        var me = await client.GetFromJsonAsync<JsonElement>(new Uri("/v1/me", UriKind.Relative));
        using var adminOnly = await client.GetAsync(new Uri("/v1/events", UriKind.Relative));

        Assert.Equal(["Learner"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, adminOnly.StatusCode);
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

    // Records with arrays compare the arrays by reference; their JSON compares what they say.
    private static string Json(UserProfile profile) => JsonSerializer.Serialize(profile);

    [Fact]
    public void RoleClaimsMapOnlyThroughTheRoleMapAndAMapToNoRoleStopsTheStart()
    {
        var settings = new OpenIdConnectSettings { RoleMap = new(StringComparer.OrdinalIgnoreCase) { ["lms-admins"] = "Admin" } };

        var named = ExternalIdentity.From(FakeIdentityProvider.Principal(FakeIdentityProvider.User("s", "a@example.com", "approver", "admin", "nobody-knows")), settings);
        var admin = ExternalIdentity.From(FakeIdentityProvider.Principal(FakeIdentityProvider.User("s", "a@example.com", "LMS-ADMINS")), settings);
        var none = ExternalIdentity.From(FakeIdentityProvider.Principal(FakeIdentityProvider.User("s", "a@example.com", "3")), settings);
        var wrongMap = new OpenIdConnectSettings { RoleMap = new(StringComparer.OrdinalIgnoreCase) { ["lms-admins"] = "Administrator", ["numbers"] = "3" } };

        Assert.Equal([Role.Learner], named.Roles.AsEnumerable());
        Assert.Equal(Role.Admin, admin.Roles.Max());
        Assert.Equal([Role.Learner], none.Roles.AsEnumerable());
        Assert.False(named.EmailVerified);
        var refusal = Assert.Throws<CoursePortal.Hosting.StartupException>(wrongMap.Validate);
        Assert.StartsWith("Authentication:OpenIdConnect:RoleMap:lms-admins is 'Administrator', which is no portal role", refusal.Message, StringComparison.Ordinal);
    }
}
