using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CoursePortal.Grains;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>
/// Integrations call /v1 with API tokens. The attacks: reading a token back after it was shown, finding it in storage,
/// using it after it was revoked or expired, beyond its role, as a person, on a page, from another site with a cookie
/// beside it; each is refused and changes nothing, and what admins do with tokens (and a token's first use from an
/// address) lands in the audit trail.
/// </summary>
public sealed class ApiTokenTests(ApiTokenTests.Portal portal) : IClassFixture<ApiTokenTests.Portal>
{
    private const string ClientAddressHeader = "X-Test-Client-Address";

    [Fact]
    public async Task TheTokenIsShownOnceAndNeverAgain()
    {
        var admin = await portal.AdminAsync();

        using var created = await admin.PostAsJsonAsync(Uri("/v1/tokens"), new { name = "HR sync", role = "Admin" });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var (id, secret) = (body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!);
        var list = await admin.GetStringAsync(Uri("/v1/tokens"));
        var page = await admin.GetStringAsync(Uri("/Admin/Tokens"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore, "the answer carrying the secret may be cached");
        Assert.StartsWith("cpt_", secret, StringComparison.Ordinal);
        Assert.Contains(JsonDocument.Parse(list).RootElement.EnumerateArray(), t => t.GetProperty("id").GetString() == id
            && secret.StartsWith(t.GetProperty("prefix").GetString()!, StringComparison.Ordinal) && t.GetProperty("status").GetString() == "active");
        foreach (var shown in new[] { list, page })
        {
            Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(secret[10..], shown, StringComparison.Ordinal);
            Assert.DoesNotContain(Sha256(secret), shown, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains(id, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyTheHashIsKeptInStorageAndInTheAuditTrail()
    {
        var admin = await portal.AdminAsync();
        var (id, secret) = await CreateAsync(admin, "Reporting", "Contributor");
        using var used = await Bearer(secret).GetAsync(Uri("/v1/courses"));

        var storage = portal.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        var grains = portal.Services.GetRequiredService<IGrainFactory>();
        var stored = new GrainState<ApiTokenRegistryState>();
        await storage.ReadStateAsync(StorageNames.ApiTokenRegistryState, grains.GetGrain<IApiTokenRegistryGrain>(GrainKeys.ApiTokens).GetGrainId(), stored);
        var state = JsonSerializer.Serialize(stored.State);
        var events = await admin.GetStringAsync(Uri("/v1/events?kind=api_token_created&limit=1000"));

        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Equal(Sha256(secret), stored.State!.Tokens[id].Hash);
        Assert.DoesNotContain(secret[4..], state, StringComparison.Ordinal);
        Assert.Contains(id, events, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[4..], events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARevokedTokenIsRefusedFromTheVeryNextRequestAndChangesNothing()
    {
        var admin = await portal.AdminAsync();
        var (id, secret) = await CreateAsync(admin, "Course sync", "Contributor");
        var integration = Bearer(secret);
        var (before, after) = (NewId(), NewId());
        // The first request puts the token in the web's cache; the revoke must not wait for it to age out.
        using var allowed = await integration.PostAsJsonAsync(Uri("/v1/courses"), new { id = before, title = "Allowed" });

        using var revoked = await admin.DeleteAsync(Uri($"/v1/tokens/{id}"));
        using var refused = await integration.PostAsJsonAsync(Uri("/v1/courses"), new { id = after, title = "Refused" });
        using var read = await integration.GetAsync(Uri("/v1/courses"));
        using var again = await admin.DeleteAsync(Uri($"/v1/tokens/{id}"));

        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("revoked", (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await AssertRefusedAsync(refused, HttpStatusCode.Unauthorized, "token_revoked");
        await AssertRefusedAsync(read, HttpStatusCode.Unauthorized, "token_revoked");
        Assert.Contains("Bearer", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Uri($"/v1/courses/{after}?version=1"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task AnExpiredTokenIsRefusedAndChangesNothing()
    {
        var admin = await portal.AdminAsync();
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var (_, secret) = await CreateAsync(admin, "Short-lived", "Contributor", expiresAt);
        var integration = Bearer(secret);
        var course = NewId();
        using var inTime = await integration.GetAsync(Uri("/v1/courses"));

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        using var late = await integration.PostAsJsonAsync(Uri("/v1/courses"), new { id = course, title = "Too late" });
        var listed = (await admin.GetFromJsonAsync<JsonElement>(Uri("/v1/tokens"))).EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Short-lived");

        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
        await AssertRefusedAsync(late, HttpStatusCode.Unauthorized, "token_expired");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Uri($"/v1/courses/{course}?version=1"))).StatusCode);
        Assert.Equal("expired", listed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ATokenWithAnExpiryThatHasPassedOrNoRoleIsNotCreated()
    {
        var admin = await portal.AdminAsync();
        var before = (await admin.GetFromJsonAsync<JsonElement>(Uri("/v1/tokens"))).GetArrayLength();

        using var past = await admin.PostAsJsonAsync(Uri("/v1/tokens"), new { name = "Past", role = "Admin", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        using var noRole = await admin.PostAsJsonAsync(Uri("/v1/tokens"), new { name = "Nobody", role = "Root" });
        using var noName = await admin.PostAsJsonAsync(Uri("/v1/tokens"), new { name = " ", role = "Learner" });

        await AssertRefusedAsync(past, HttpStatusCode.BadRequest, "invalid_expiry");
        await AssertRefusedAsync(noRole, HttpStatusCode.BadRequest, "invalid_role");
        await AssertRefusedAsync(noName, HttpStatusCode.BadRequest, "required");
        Assert.Equal(before, (await admin.GetFromJsonAsync<JsonElement>(Uri("/v1/tokens"))).GetArrayLength());
    }

    [Fact]
    public async Task AnUnknownOrMangledTokenIsRefused()
    {
        var admin = await portal.AdminAsync();
        var (_, secret) = await CreateAsync(admin, "Genuine", "Admin");
        var mangled = secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A');

        foreach (var token in new[] { mangled, "cpt_" + new string('A', 43), "not-a-token", secret + " extra" })
        {
            using var response = await Bearer(token).GetAsync(Uri("/v1/courses"));
            await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
        }
    }

    [Fact]
    public async Task AWrongRoleIsRefusedAndChangesNothing()
    {
        var admin = await portal.AdminAsync();
        var (_, learnerSecret) = await CreateAsync(admin, "Catalog reader", "Learner");
        var (_, authorSecret) = await CreateAsync(admin, "Course writer", "Contributor");
        var course = NewId();

        using var byLearner = await Bearer(learnerSecret).PostAsJsonAsync(Uri("/v1/courses"), new { id = course, title = "Not mine to write" });
        using var catalog = await Bearer(learnerSecret).GetAsync(Uri("/v1/courses"));
        using var publish = await Bearer(authorSecret).PostAsJsonAsync(Uri("/v1/courses/phishing-awareness/publish"), new { changeNotes = "no" });
        using var users = await Bearer(authorSecret).PostAsJsonAsync(Uri("/v1/users"), new { email = $"{course}@example.com", firstName = "A", lastName = "B", roles = new[] { "Admin" } });

        await AssertRefusedAsync(byLearner, HttpStatusCode.Forbidden, "forbidden");
        await AssertRefusedAsync(publish, HttpStatusCode.Forbidden, "forbidden");
        await AssertRefusedAsync(users, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Uri($"/v1/courses/{course}?version=1"))).StatusCode);
        // Nobody has that address: creating it now succeeds.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync(Uri("/v1/users"),
            new { email = $"{course}@example.com", firstName = "A", lastName = "B", roles = new[] { "Learner" } })).StatusCode);
    }

    [Fact]
    public async Task ATokenCannotManageTokensSoALeakedOneCannotOutliveItsRevocation()
    {
        var admin = await portal.AdminAsync();
        var (id, secret) = await CreateAsync(admin, "Leaked", "Admin");
        var before = await TokenStatesAsync(admin);

        using var mint = await Bearer(secret).PostAsJsonAsync(Uri("/v1/tokens"), new { name = "Persistence", role = "Admin" });
        using var list = await Bearer(secret).GetAsync(Uri("/v1/tokens"));
        using var revokeOthers = await Bearer(secret).DeleteAsync(Uri($"/v1/tokens/{id}"));

        foreach (var refused in new[] { mint, list, revokeOthers })
        {
            await AssertRefusedAsync(refused, HttpStatusCode.Forbidden, "forbidden");
        }

        // Using the token records its last use; which tokens there are, and their states, are what must not change.
        Assert.Equal(before, await TokenStatesAsync(admin));
    }

    [Fact]
    public async Task ATokenActsForNoPersonAndLeavesNoRecordUnderItsName()
    {
        var admin = await portal.AdminAsync();
        var (id, secret) = await CreateAsync(admin, "Learner-shaped", "Learner");
        var integration = Bearer(secret);

        using var me = await integration.GetAsync(Uri("/v1/me"));
        using var profile = await integration.PutAsJsonAsync(Uri("/v1/me/profile"), new { firstName = "Token" });
        using var start = await integration.PostAsJsonAsync(Uri("/v1/courses/phishing-awareness/start"), new { });
        using var enroll = await integration.PostAsJsonAsync(Uri("/v1/packages/security-basics/enrollments"), new { });
        using var team = await integration.GetAsync(Uri("/v1/me/team"));

        foreach (var refused in new[] { me, profile, start, enroll, team })
        {
            await AssertRefusedAsync(refused, HttpStatusCode.Forbidden, "forbidden");
        }

        var storage = portal.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        var grains = portal.Services.GetRequiredService<IGrainFactory>();
        var actor = ApiTokenRules.ActorOf(id);
        var progress = new GrainState<object>();
        await storage.ReadStateAsync(StorageNames.CourseEnrollmentState, grains.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(actor, "phishing-awareness")).GetGrainId(), progress);
        var enrollment = new GrainState<object>();
        await storage.ReadStateAsync(StorageNames.PackageEnrollmentState, grains.GetGrain<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(actor, "security-basics")).GetGrainId(), enrollment);
        Assert.False(progress.RecordExists);
        Assert.False(enrollment.RecordExists);
    }

    [Fact]
    public async Task ATokenOpensNoPage()
    {
        var admin = await portal.AdminAsync();
        var (_, secret) = await CreateAsync(admin, "Page visitor", "Admin");
        var integration = Bearer(secret, redirects: false);
        var before = await admin.GetStringAsync(Uri("/v1/tokens"));

        using var page = await integration.GetAsync(Uri("/Admin/Tokens"));
        using var post = await integration.PostAsync(Uri("/Admin/Tokens"), new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "By page", ["Input.Role"] = "Admin" }));
        var home = await integration.GetStringAsync(Uri("/"));

        foreach (var refused in new[] { page, post })
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("/Account/SignIn", refused.Headers.Location?.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("Page visitor", home, StringComparison.Ordinal);
        Assert.Equal(before, await admin.GetStringAsync(Uri("/v1/tokens")));
    }

    [Fact]
    public async Task ABearerRequestSkipsTheCrossSiteCheckButACookieRequestStillNeedsIt()
    {
        var admin = await portal.AdminAsync();
        var (_, secret) = await CreateAsync(admin, "Cross-site script", "Contributor");
        var author = portal.CreateClient();
        await author.SignInThroughApiAsync("author@demo.local");
        var (byToken, byCookie, cookieBesideBadToken) = (NewId(), NewId(), NewId());

        using var token = await SendCrossSiteAsync(Bearer(secret), byToken, bearer: null);
        using var cookie = await SendCrossSiteAsync(author, byCookie, bearer: null);
        // A bearer header beside the cookie does not let the cookie through: the request is the token's alone.
        using var mixed = await SendCrossSiteAsync(author, cookieBesideBadToken, bearer: "cpt_" + new string('x', 43));

        Assert.Equal(HttpStatusCode.Created, token.StatusCode);
        await AssertRefusedAsync(cookie, HttpStatusCode.Forbidden, "cross_site_request");
        await AssertRefusedAsync(mixed, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Uri($"/v1/courses/{byCookie}?version=1"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Uri($"/v1/courses/{cookieBesideBadToken}?version=1"))).StatusCode);
    }

    [Fact]
    public async Task ATokenWorksWithinItsRoleAndItsChangesAreRecordedAsItsOwn()
    {
        var admin = await portal.AdminAsync();
        var (id, secret) = await CreateAsync(admin, "Publisher", "Approver");
        var integration = Bearer(secret);
        var course = NewId();

        using var created = await integration.PostAsJsonAsync(Uri("/v1/courses"), new { id = course, title = "Made by an integration" });
        var versions = await integration.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{course}/versions"));
        using var events = await integration.GetAsync(Uri("/v1/events?kind=api_token_created"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"token:{id}", versions.EnumerateArray().Single().GetProperty("createdBy").GetString());
        await AssertRefusedAsync(events, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task CreatingRevokingAndANewAddressAreAuditedAndTheListShowsTheLastUse()
    {
        var admin = await portal.AdminAsync();
        var adminId = (await admin.GetFromJsonAsync<JsonElement>(Uri("/v1/me"))).GetProperty("userId").GetString();
        var (id, secret) = await CreateAsync(admin, "Audited", "Learner");

        foreach (var address in new[] { "10.9.0.1", "10.9.0.1", "10.9.0.2" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Uri("/v1/courses"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            request.Headers.Add(ClientAddressHeader, address);
            (await portal.CreateClient().SendAsync(request)).EnsureSuccessStatusCode();
        }

        var listed = (await admin.GetFromJsonAsync<JsonElement>(Uri("/v1/tokens"))).EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
        (await admin.DeleteAsync(Uri($"/v1/tokens/{id}"))).EnsureSuccessStatusCode();
        var created = await EventsAsync(admin, "api_token_created", id, 1);
        var uses = await EventsAsync(admin, "api_token_used_from_new_address", id, 2);
        var revoked = await EventsAsync(admin, "api_token_revoked", id, 1);

        Assert.Equal("10.9.0.2", listed.GetProperty("lastUsedFrom").GetString());
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);
        Assert.Equal(adminId, created.Single().GetProperty("actorId").GetString());
        Assert.Equal(adminId, revoked.Single().GetProperty("actorId").GetString());
        Assert.Equal(["10.9.0.1", "10.9.0.2"], uses.Select(e => JsonDocument.Parse(e.GetProperty("details").GetString()!).RootElement.GetProperty("address").GetString()).Order());
        Assert.All(uses, e => Assert.Equal($"token:{id}", e.GetProperty("actorId").GetString()));
    }

    private static async Task<List<JsonElement>> EventsAsync(HttpClient admin, string kind, string tokenId, int expected)
    {
        // The in-memory event log receives a grain's events just after the grain answered.
        for (var attempt = 0; ; attempt++)
        {
            var page = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/events?kind={kind}&limit=1000"));
            var found = page.GetProperty("events").EnumerateArray()
                .Where(e => e.GetProperty("details").GetString()!.Contains($"\"tokenId\":\"{tokenId}\"", StringComparison.Ordinal)).ToList();
            if (found.Count >= expected || attempt == 50)
            {
                Assert.Equal(expected, found.Count);
                return found;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<List<string>> TokenStatesAsync(HttpClient admin) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>(Uri("/v1/tokens"))).EnumerateArray().Select(t => $"{t.GetProperty("id")} {t.GetProperty("status")}")];

    private static async Task<(string Id, string Secret)> CreateAsync(HttpClient admin, string name, string role, DateTimeOffset? expiresAt = null)
    {
        using var created = await admin.PostAsJsonAsync(Uri("/v1/tokens"), new { name, role, expiresAt });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!);
    }

    private HttpClient Bearer(string token, bool redirects = true)
    {
        var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = redirects });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<HttpResponseMessage> SendCrossSiteAsync(HttpClient client, string courseId, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Uri("/v1/courses")) { Content = JsonContent.Create(new { id = courseId, title = "Cross-site" }) };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        request.Headers.Add("Origin", "https://evil.example");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await client.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string NewId() => $"tok-{Guid.NewGuid():N}"[..20];

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    /// <summary>A local-mode portal whose requests may say which client address they come from (a test header), so a
    /// token can be used from several addresses.</summary>
    public sealed class Portal : WebApplicationFactory<Program>
    {
        public async Task<HttpClient> AdminAsync()
        {
            var admin = CreateClient();
            await admin.SignInThroughApiAsync("admin@demo.local");
            return admin;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            LocalModeFactory.UseLocalMode(builder);
            builder.UseSetting("Security:SignInAttemptsPerMinute", "10000");
            builder.UseSetting("Security:LearnerWritesPerMinute", "100000");
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
        }

        private sealed class ClientAddressFromHeader : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((context, nextMiddleware) =>
                {
                    if (IPAddress.TryParse(context.Request.Headers[ClientAddressHeader].ToString(), out var address))
                    {
                        context.Connection.RemoteIpAddress = address;
                    }

                    return nextMiddleware(context);
                });
                next(app);
            };
        }
    }
}
