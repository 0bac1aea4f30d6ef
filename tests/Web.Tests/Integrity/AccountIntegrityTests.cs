using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>
/// Attacks on accounts through sign-in and the admin's tools: finding out which accounts exist, locking the
/// administrators out by guessing, and reading password hashes or the live log through the Orleans dashboard. Each
/// test is the attack, and asserts the refusal and that the attacked account is as it was.
/// </summary>
public sealed class AccountIntegrityTests(AccountIntegrityTests.Portal portal) : IClassFixture<AccountIntegrityTests.Portal>
{
    private const string AdminEmail = "admin@demo.local";

    [Fact]
    public async Task AnUnknownAccountAnswersExactlyAsAKnownOneWithAWrongPasswordAndCostsTheSameHash()
    {
        var unknown = portal.From("198.51.100.1");
        var known = portal.From("198.51.100.2");

        var before = portal.Hasher.Verifications;
        var (unknownStatus, unknownBody) = await SignInAnswerAsync(unknown, "nobody-at-all@demo.local", "Wrong-Password-123");
        var afterUnknown = portal.Hasher.Verifications;
        var (knownStatus, knownBody) = await SignInAnswerAsync(known, AdminEmail, "Wrong-Password-123");
        var afterKnown = portal.Hasher.Verifications;

        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus);
        Assert.Equal(knownStatus, unknownStatus);
        Assert.Equal(knownBody, unknownBody);
        // The password was hashed for the account that does not exist, just as for the one that does.
        Assert.Equal(1, afterUnknown - before);
        Assert.Equal(1, afterKnown - afterUnknown);
        Assert.Equal(await PageAlertAsync(portal.From("198.51.100.2"), AdminEmail), await PageAlertAsync(portal.From("198.51.100.1"), "nobody-at-all@demo.local"));
    }

    [Fact]
    public async Task GuessingAnUnknownAccountLocksExactlyAsGuessingAKnownOne()
    {
        var learner = await portal.NewAccountAsync("Learner");

        var unknownCodes = await WrongPasswordCodesAsync(portal.From("198.51.100.3"), $"never-{Guid.NewGuid():N}"[..14] + "@example.com", 7);
        var knownCodes = await WrongPasswordCodesAsync(portal.From("198.51.100.4"), learner.Email, 7);

        Assert.Equal(["invalid_credentials", "invalid_credentials", "invalid_credentials", "invalid_credentials", "locked_out", "locked_out", "locked_out"], knownCodes);
        Assert.Equal(knownCodes, unknownCodes);
    }

    [Fact]
    public async Task FiftyWrongPasswordsForTheAdminFromOneAddressDoNotLockTheAdminOutFromAnother()
    {
        var adminId = (await portal.Accounts.FindUserIdAsync(AdminEmail))!;
        var before = await portal.User(adminId).GetProfileAsync();
        var hashBefore = await portal.Credentials(adminId).GetPasswordHashAsync();
        var attacker = portal.From("203.0.113.66");

        var codes = await WrongPasswordCodesAsync(attacker, AdminEmail, 50);
        var attackerWithTheRightPassword = await SignInCodeAsync(attacker, AdminEmail, LocalModeFactory.DemoPassword);
        var admin = portal.From("192.0.2.10");
        var adminSignsIn = await SignInCodeAsync(admin, AdminEmail, LocalModeFactory.DemoPassword);
        var me = await admin.GetFromJsonAsync<JsonElement>(new Uri("/v1/me", UriKind.Relative));

        Assert.Equal("locked_out", codes[^1]);
        Assert.Equal(46, codes.Count(c => c == "locked_out"));
        Assert.Equal("locked_out", attackerWithTheRightPassword);
        Assert.Equal("signed in", adminSignsIn);
        Assert.Equal(adminId, me.GetProperty("userId").GetString());
        Assert.Contains("Admin", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(Json(before), Json(await portal.User(adminId).GetProfileAsync()));
        Assert.Equal(hashBefore, await portal.Credentials(adminId).GetPasswordHashAsync());
    }

    [Fact]
    public async Task TheDashboardNeitherStreamsTheLiveLogNorShowsGrainState()
    {
        var admin = portal.From("192.0.2.20");
        await admin.SignInThroughApiAsync(AdminEmail);
        var learner = await portal.NewAccountAsync("Learner");
        var hash = (await portal.Credentials(learner.UserId).GetPasswordHashAsync())!;
        var adminHash = (await portal.Credentials((await portal.Accounts.FindUserIdAsync(AdminEmail))!).GetPasswordHashAsync())!;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var trace = await admin.GetAsync(new Uri("/admin/dashboard/Trace", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var grainState = new List<(HttpStatusCode Status, string Body)>();
        foreach (var (grainType, key) in new[]
        {
            ("CoursePortal.Grains.Users.UserGrain", GrainKeys.User(learner.UserId)),
            ("CoursePortal.Grains.Users.UserGrain", GrainKeys.User((await portal.Accounts.FindUserIdAsync(AdminEmail))!)),
            ("CoursePortal.Grains.Users.UserCredentialsGrain", GrainKeys.UserCredentials(learner.UserId)),
        })
        {
            using var response = await admin.GetAsync(new Uri($"/admin/dashboard/GrainState?grainId={Uri.EscapeDataString(key)}&grainType={grainType}", UriKind.Relative));
            grainState.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        using var overview = await admin.GetAsync(new Uri("/admin/dashboard/DashboardCounters", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, trace.StatusCode);
        Assert.All(grainState, r => Assert.Equal(HttpStatusCode.Forbidden, r.Status));
        Assert.All(grainState, r => Assert.DoesNotContain(hash, r.Body, StringComparison.Ordinal));
        Assert.All(grainState, r => Assert.DoesNotContain(adminHash, r.Body, StringComparison.Ordinal));
        // What the dashboard is for still works.
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
    }

    // Records with arrays compare the arrays by reference; their JSON compares what they say.
    private static string Json(UserProfile profile) => JsonSerializer.Serialize(profile);

    private static async Task<List<string>> WrongPasswordCodesAsync(HttpClient client, string email, int attempts)
    {
        var codes = new List<string>();
        for (var i = 0; i < attempts; i++)
        {
            codes.Add(await SignInCodeAsync(client, email, $"Wrong-Password-{i:D3}"));
        }

        return codes;
    }

    private static async Task<string> SignInCodeAsync(HttpClient client, string email, string password)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/v1/session", UriKind.Relative), new { email, password });
        return response.IsSuccessStatusCode ? "signed in"
            : (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("code", out var code) ? code.GetString()! : $"{(int)response.StatusCode}";
    }

    /// <summary>The API's answer to a sign-in, without the trace id that every answer has of its own.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> SignInAnswerAsync(HttpClient client, string email, string password)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/v1/session", UriKind.Relative), new { email, password });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(body.Remove("traceId"));
        return (response.StatusCode, $"{response.Content.Headers.ContentType} {body.ToJsonString()}");
    }

    private static async Task<string> PageAlertAsync(HttpClient client, string email)
    {
        var page = await client.GetDocumentAsync("/Account/SignIn");
        using var response = await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("form#sign-in")!,
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "Another-Wrong-One-9" });
        var answer = await HtmlDocuments.ParseAsync(client, response);
        return $"{(int)response.StatusCode} {answer.QuerySelector("[role=alert]")?.TextContent.Trim()}";
    }

    /// <summary>Local mode whose clients say which address they come from (the test server has none), with a password
    /// hasher that counts the checks it makes.</summary>
    public sealed class Portal : WebApplicationFactory<Program>
    {
        public const string ClientAddressHeader = "X-Test-Client-Address";

        public CountingHasher Hasher => Services.GetRequiredService<CountingHasher>();

        public AccountService Accounts => Services.GetRequiredService<AccountService>();

        public IUserGrain User(string userId) => Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(GrainKeys.User(userId));

        public IUserCredentialsGrain Credentials(string userId) =>
            Services.GetRequiredService<IGrainFactory>().GetGrain<IUserCredentialsGrain>(GrainKeys.UserCredentials(userId));

        /// <summary>A client (with its own cookies) whose requests come from <paramref name="address"/>.</summary>
        public HttpClient From(string address)
        {
            var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Add(ClientAddressHeader, address);
            return client;
        }

        /// <summary>A new account with a password of its own.</summary>
        public async Task<(string UserId, string Email)> NewAccountAsync(string role)
        {
            var email = $"acct-{Guid.NewGuid():N}"[..13] + "@example.com";
            var profile = await Accounts.CreateAsync(email, "Alex", "Account", "Long-Account-Password-5", [Enum.Parse<Role>(role)], "test");
            return (profile.UserId, email);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            LocalModeFactory.UseLocalMode(builder);
            builder.UseSetting("Security:SignInAttemptsPerMinute", "10000");
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<CountingHasher>();
                services.AddSingleton<IPasswordHasher<LocalAccount>>(sp => sp.GetRequiredService<CountingHasher>());
                services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();
            });
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

    /// <summary>The portal's password hasher, counting how often it checks a password.</summary>
    public sealed class CountingHasher(IOptions<PasswordHasherOptions> options) : IPasswordHasher<LocalAccount>
    {
        private readonly PasswordHasher<LocalAccount> _hasher = new(options);
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(LocalAccount user, string password) => _hasher.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(LocalAccount user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _hasher.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
