using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoursePortal.Web.Tests.Services;

/// <summary>
/// Password rules, lockout after repeated failures, idle session expiry, and sessions ended on the server (sign-out,
/// password change, role change) so that a copied cookie stops working; the cookie's flags. A portal of its own, run as
/// Production behind HTTPS, with a lock of 3 s and sessions of 6 s idle so that both can be seen ending.
/// </summary>
public sealed class AccountSecurityTests(AccountSecurityTests.Portal portal) : IClassFixture<AccountSecurityTests.Portal>
{
    private const string Password = "Correct-Horse-Battery-9";

    [Fact]
    public async Task WeakPasswordsAreRefusedWithTheRuleTheyBreak()
    {
        var admin = await portal.SignedInAsync("admin@demo.local");
        var email = $"weak-{Guid.NewGuid():N}"[..13] + "@example.com";

        var refusals = new List<string>();
        foreach (var password in new[] { "short-1", "aaaaaaaaaaaaaaaa", "ababababababab12", $"{email.Split('@')[0]}-secret-99" })
        {
            using var response = await admin.PostAsJsonAsync(Uri("/v1/users"), new { email, firstName = "Weak", lastName = "Password", password, roles = new[] { "Learner" } });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            refusals.Add(problem.GetProperty("errors")[0].GetProperty("message").GetString()!);
        }

        Assert.Contains("at least 12 characters", refusals[0], StringComparison.Ordinal);
        Assert.Contains("different characters", refusals[1], StringComparison.Ordinal);
        Assert.Contains("different characters", refusals[2], StringComparison.Ordinal);
        Assert.Contains("e-mail name", refusals[3], StringComparison.Ordinal);
        using var lookup = await admin.PostAsJsonAsync(Uri("/v1/session"), new { email, password = "short-1" });
        Assert.Equal(HttpStatusCode.BadRequest, lookup.StatusCode);
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountUntilTheLockEnds()
    {
        var email = await portal.NewLearnerAsync();
        var client = portal.CreateClient();

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("invalid_credentials", await SignInCodeAsync(client, email, "Wrong-Password-123"));
        }

        // The fifth wrong password locks the account and says so; the right one does not help while the lock lasts.
        Assert.Equal("locked_out", await SignInCodeAsync(client, email, "Wrong-Password-123"));
        Assert.Equal("locked_out", await SignInCodeAsync(client, email, Password));
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.Equal("signed in", await SignInCodeAsync(client, email, Password));
    }

    [Fact]
    public async Task ASignedOutCookieNoLongerSignsInButTheUsersOtherSessionsContinue()
    {
        var email = await portal.NewLearnerAsync();
        var cookie = await portal.SignInCookieAsync(email, Password);
        var laptop = portal.WithCookie(cookie);
        var copy = portal.WithCookie(cookie);
        var phone = await portal.SignedInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(copy));

        using (var signOut = await laptop.DeleteAsync(Uri("/v1/session")))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(copy));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(phone));
    }

    [Fact]
    public async Task ACopyOfASignedOutCookieThatKeptSlidingStaysRefusedAfterTheSignedOutOneWouldHaveExpired()
    {
        var email = await portal.NewLearnerAsync();
        var signedInAt = Stopwatch.StartNew();
        var cookie = await portal.SignInCookieAsync(email, Password);

        // Someone who copied the cookie uses it after half the session: the portal renews it for a whole session more.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        string renewed;
        using (var thief = portal.WithCookie(cookie))
        using (var slide = await thief.GetAsync(Uri("/v1/me")))
        {
            Assert.Equal(HttpStatusCode.OK, slide.StatusCode);
            renewed = Assert.Single(slide.Headers.GetValues("Set-Cookie"), c => c.StartsWith("courseportal=", StringComparison.Ordinal)).Split(';')[0];
        }

        // The owner signs out with the cookie they have, issued at sign-in.
        using (var owner = portal.WithCookie(cookie))
        using (var signOut = await owner.DeleteAsync(Uri("/v1/session")))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        // Past the moment the owner's cookie would have expired (6 s), another sign-out makes the server tidy up its
        // record of ended sessions; the renewed copy would still be valid for about three seconds.
        await Task.Delay(TimeSpan.FromSeconds(6.5) - signedInAt.Elapsed);
        var elsewhere = await portal.SignedInAsync(email, Password);
        using (var tidy = await elsewhere.DeleteAsync(Uri("/v1/session")))
        {
            Assert.Equal(HttpStatusCode.NoContent, tidy.StatusCode);
        }

        using var replay = portal.WithCookie(renewed);
        Assert.True(signedInAt.Elapsed < TimeSpan.FromSeconds(9), $"too slow to tell: {signedInAt.Elapsed}");
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(replay));
    }

    [Fact]
    public async Task ChangingThePasswordEndsEveryOtherSession()
    {
        var email = await portal.NewLearnerAsync();
        var laptop = await portal.SignedInAsync(email, Password, followRedirects: true);
        var phone = await portal.SignedInAsync(email, Password);

        var page = await laptop.GetDocumentAsync("/Account/ChangePassword");
        var weak = await laptop.PostFormAsync(page, "form[method=post]:not([action*=SignOut])",
            new Dictionary<string, string> { ["Input.CurrentPassword"] = Password, ["Input.NewPassword"] = "zzzzzzzzzzzzzz", ["Input.ConfirmPassword"] = "zzzzzzzzzzzzzz" });
        Assert.Contains("different characters", HtmlDocuments.Problems(weak), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(phone));

        var changed = await laptop.PostFormAsync(weak, "form[method=post]:not([action*=SignOut])",
            new Dictionary<string, string> { ["Input.CurrentPassword"] = Password, ["Input.NewPassword"] = "Another-Long-Secret-7", ["Input.ConfirmPassword"] = "Another-Long-Secret-7" });

        Assert.Contains("signed out everywhere else", HtmlDocuments.Problems(changed), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(phone));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(laptop));
    }

    [Fact]
    public async Task ARoleChangeEndsTheSessionsThatCarryTheOldRoles()
    {
        var email = await portal.NewLearnerAsync(roles: "Admin");
        var demoted = await portal.SignedInAsync(email, Password);
        var userId = (await demoted.GetFromJsonAsync<JsonElement>(Uri("/v1/me"))).GetProperty("userId").GetString();
        var admin = await portal.SignedInAsync("admin@demo.local");

        using (var change = await admin.PutAsJsonAsync(Uri($"/v1/users/{userId}/roles"), new { roles = new[] { "Learner" } }))
        {
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        }

        // Another web process would trust what it read for up to 5 s; this one is given 10.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await MeAsync(demoted) != HttpStatusCode.Unauthorized)
        {
            Assert.True(DateTime.UtcNow < deadline, "the session with the Admin role still works");
            await Task.Delay(250);
        }

        var again = await portal.SignedInAsync(email, Password);
        using var adminOnly = await again.GetAsync(Uri("/v1/events"));
        Assert.Equal(HttpStatusCode.Forbidden, adminOnly.StatusCode);
    }

    [Fact]
    public async Task AnIdleSessionExpires()
    {
        var email = await portal.NewLearnerAsync();
        var client = await portal.SignedInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(client));

        await Task.Delay(TimeSpan.FromSeconds(7));

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(client));
    }

    [Fact]
    public async Task TheSignInCookieIsHttpOnlyLaxAndSecure()
    {
        var email = await portal.NewLearnerAsync();
        var client = portal.CreateClient();

        using var response = await client.PostAsJsonAsync(Uri("/v1/session"), new { email, password = Password });

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("courseportal=", StringComparison.Ordinal));
        var flags = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(f => f.ToLowerInvariant()).ToList();
        Assert.Contains("httponly", flags);
        Assert.Contains("samesite=lax", flags);
        Assert.Contains("secure", flags);
    }

    private static async Task<string> SignInCodeAsync(HttpClient client, string email, string password)
    {
        using var response = await client.PostAsJsonAsync(Uri("/v1/session"), new { email, password });
        return response.IsSuccessStatusCode ? "signed in"
            : (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("code", out var code) ? code.GetString()! : $"{(int)response.StatusCode}";
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(Uri("/v1/me"));
        return response.StatusCode;
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    /// <summary>Local mode run as Production over HTTPS, with short locks and sessions.</summary>
    public sealed class Portal : WebApplicationFactory<Program>
    {
        private static readonly Uri Https = new("https://localhost");

        public new HttpClient CreateClient() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Https, AllowAutoRedirect = false });

        public async Task<HttpClient> SignedInAsync(string email, string password = LocalModeFactory.DemoPassword, bool followRedirects = false)
        {
            var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Https, AllowAutoRedirect = followRedirects });
            await client.SignInThroughApiAsync(email, password);
            return client;
        }

        /// <summary>A new account with <see cref="Password"/>; returns its e-mail address.</summary>
        public async Task<string> NewLearnerAsync(string roles = "Learner")
        {
            var admin = await SignedInAsync("admin@demo.local");
            var email = $"user-{Guid.NewGuid():N}"[..13] + "@example.com";
            using var created = await admin.PostAsJsonAsync(Uri("/v1/users"), new { email, firstName = "Sam", lastName = "Secure", password = Password, roles = new[] { roles } });
            created.EnsureSuccessStatusCode();
            return email;
        }

        /// <summary>Signs in and returns the sign-in cookie as a Cookie header value (name=value).</summary>
        public async Task<string> SignInCookieAsync(string email, string password)
        {
            using var client = CreateDefaultClient(Https);
            using var response = await client.PostAsJsonAsync(Uri("/v1/session"), new { email, password });
            response.EnsureSuccessStatusCode();
            return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("courseportal=", StringComparison.Ordinal)).Split(';')[0];
        }

        /// <summary>A client without a cookie jar that sends <paramref name="cookie"/> as it is, as someone who copied it would.</summary>
        public HttpClient WithCookie(string cookie)
        {
            var client = CreateDefaultClient(Https);
            client.DefaultRequestHeaders.Add("Cookie", cookie);
            return client;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            LocalModeFactory.UseLocalMode(builder);
            builder.UseSetting("Security:SignInAttemptsPerMinute", "10000");
            builder.UseSetting("Security:LockoutMinutes", "0.05");
            builder.UseSetting("Security:SessionMinutes", "0.1");
        }
    }
}
