using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Tests.Api;

/// <summary>The users over /v1 as an admin (or an integration) manages them: the list in keyset pages, a user, an admin's
/// profile edit, and deactivation, each refusal written as the attack it stops and shown to change nothing.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class UserApiTests(LocalModeFactory factory)
{
    private const string Password = "user-api-password-1";
    private const string CourseId = "phishing-awareness";

    [Fact]
    public async Task WalkingTheListWithASmallLimitGivesEveryMatchingUserExactlyOnceInEmailOrder()
    {
        var admin = await AdminAsync();
        var marker = $"walk{Guid.NewGuid():N}"[..12];
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await CreateAsync(admin, $"{marker}-{i}")).Email);
        }

        var seen = new List<string>();
        var pages = 0;
        string? next = null;
        do
        {
            var page = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/users?q={marker}&limit=2" + (next is null ? "" : $"&after={next}")));
            var users = page.GetProperty("users").EnumerateArray().ToList();
            Assert.InRange(users.Count, 1, 2);
            seen.AddRange(users.Select(u => u.GetProperty("email").GetString()!));
            next = page.GetProperty("next").GetString();
            pages++;
        }
        while (next is not null && pages < 10);

        Assert.Equal(created.Order(StringComparer.Ordinal), seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task TheListFindsUsersByPartOfTheirNameAndSaysWhetherTheyAreDeactivated()
    {
        var admin = await AdminAsync();
        var lastName = $"Surname{Guid.NewGuid():N}"[..16];
        var (email, userId) = await CreateAsync(admin, $"n{Guid.NewGuid():N}"[..10], lastName);
        (await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/deactivate"), new { })).EnsureSuccessStatusCode();

        var page = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/users?q={lastName[2..].ToUpperInvariant()}"));

        var found = Assert.Single(page.GetProperty("users").EnumerateArray());
        Assert.Equal((email, userId, true), (found.GetProperty("email").GetString(), found.GetProperty("userId").GetString(), found.GetProperty("deactivated").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("after=not-a-cursor", "invalid_cursor", "after")]
    [InlineData("after=dTE6bm90LWFuLWVtYWls", "invalid_cursor", "after")] // "u1:not-an-email"
    [InlineData("after=eDE6YUBleGFtcGxlLmNvbQ", "invalid_cursor", "after")] // "x1:a@example.com": another list's mark
    [InlineData("limit=0", "out_of_range", "limit")]
    [InlineData("limit=501", "out_of_range", "limit")]
    public async Task ABadCursorOrLimitIs400WithItsCodeAndField(string query, string code, string field)
    {
        var admin = await AdminAsync();

        using var response = await admin.GetAsync(Uri($"/v1/users?{query}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(field, problem.GetProperty("errors").EnumerateArray().Single().GetProperty("field").GetString());
    }

    [Fact]
    public async Task AnAdminReadsAUserWithRolesManagerAndStateAndAnUnknownIdIs404()
    {
        var admin = await AdminAsync();
        var (_, managerId) = await CreateAsync(admin, $"m{Guid.NewGuid():N}"[..10]);
        var (email, userId) = await CreateAsync(admin, $"r{Guid.NewGuid():N}"[..10]);
        (await admin.PutAsJsonAsync(Uri($"/v1/users/{userId}/manager"), new { managerId })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync(Uri($"/v1/users/{userId}/roles"), new { roles = new[] { "Approver" } })).EnsureSuccessStatusCode();

        var user = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/users/{userId}"));
        using var unknown = await admin.GetAsync(Uri($"/v1/users/{Guid.NewGuid():N}"));
        using var notAnId = await admin.GetAsync(Uri("/v1/users/NOT%20AN%20ID"));

        Assert.Equal((email, managerId, false), (user.GetProperty("email").GetString(), user.GetProperty("managerId").GetString(), user.GetProperty("deactivated").GetBoolean()));
        Assert.Equal(["Learner", "Contributor", "Approver"], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (unknown.StatusCode, notAnId.StatusCode));
        Assert.Equal("not_found", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnAdminEditsSomeonesProfileWithTheChecksOfTheirOwnAndABadEditChangesNothing()
    {
        var admin = await AdminAsync();
        var (_, userId) = await CreateAsync(admin, $"p{Guid.NewGuid():N}"[..10]);

        using var edited = await admin.PutAsJsonAsync(Uri($"/v1/users/{userId}/profile"),
            new { firstName = "Grace", lastName = "Hopper", displayName = "Admiral Hopper", bio = "Compilers.", timeZone = "Europe/Berlin" });
        using var refused = await admin.PutAsJsonAsync(Uri($"/v1/users/{userId}/profile"),
            new { firstName = "", lastName = "Changed", timeZone = "Mars/Olympus" });
        using var unknown = await admin.PutAsJsonAsync(Uri($"/v1/users/{Guid.NewGuid():N}/profile"), new { firstName = "No", lastName = "One" });
        var after = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/users/{userId}"));

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["firstName", "timeZone"], (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => e.GetProperty("field").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(("Grace", "Hopper", "Admiral Hopper", "Compilers.", "Europe/Berlin"),
            (after.GetProperty("firstName").GetString(), after.GetProperty("lastName").GetString(), after.GetProperty("displayName").GetString(),
             after.GetProperty("bio").GetString(), after.GetProperty("timeZone").GetString()));
    }

    [Fact]
    public async Task ADeactivatedUsersCookieIsRefusedOnTheNextRequestAndTheirPasswordSignInIs403()
    {
        var admin = await AdminAsync();
        var (email, userId) = await CreateAsync(admin, $"d{Guid.NewGuid():N}"[..10]);
        var learner = factory.CreateClient();
        await learner.SignInThroughApiAsync(email, Password);
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{CourseId}/start"), new { })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync(Uri("/v1/me"))).StatusCode);

        using var deactivated = await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/deactivate"), new { });
        using var cookieAfter = await learner.GetAsync(Uri("/v1/me"));
        using var signIn = await factory.CreateClient().PostAsJsonAsync(Uri("/v1/session"), new { email, password = Password });
        using var wrongPassword = await factory.CreateClient().PostAsJsonAsync(Uri("/v1/session"), new { email, password = "not-the-password-1" });
        using var transcript = await admin.GetAsync(Uri($"/v1/users/{userId}/transcript"));

        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.True((await deactivated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deactivated").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, cookieAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.Equal("account_deactivated", (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
        // A wrong password tells nothing more than it did before.
        Assert.Equal("invalid_credentials", (await wrongPassword.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        // The record stays, and stays readable for admins.
        Assert.Equal(HttpStatusCode.OK, transcript.StatusCode);
        await LandedAsync(admin, userId, "course_started");
    }

    [Fact]
    public async Task DeactivatingTwiceIsAnsweredUnchangedWithOneEventAndReactivationLetsThemSignInAgain()
    {
        var admin = await AdminAsync();
        var adminId = await MeAsync(admin);
        var (email, userId) = await CreateAsync(admin, $"t{Guid.NewGuid():N}"[..10]);

        (await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/deactivate"), new { })).EnsureSuccessStatusCode();
        using var again = await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/deactivate"), new { });
        using var reactivated = await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/reactivate"), new { });
        using var reactivatedAgain = await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/reactivate"), new { });
        var learner = factory.CreateClient();
        await learner.SignInThroughApiAsync(email, Password);
        await LandedAsync(admin, userId, "user_reactivated");
        var events = (await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/events?userId={userId}"))).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() is "user_deactivated" or "user_reactivated").ToList();

        Assert.Equal((HttpStatusCode.OK, true), (again.StatusCode, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deactivated").GetBoolean()));
        Assert.False((await reactivated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deactivated").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, reactivatedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync(Uri("/v1/me"))).StatusCode);
        Assert.Equal(["user_deactivated", "user_reactivated"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.All(events, e => Assert.Equal(adminId, e.GetProperty("actorId").GetString()));
    }

    [Fact]
    public async Task AnAdminCannotDeactivateThemselvesAndStaysSignedIn()
    {
        var admin = factory.CreateClient();
        var (email, adminId) = await CreateAsync(await AdminAsync(), $"s{Guid.NewGuid():N}"[..10], roles: "Admin");
        await admin.SignInThroughApiAsync(email, Password);

        using var refused = await admin.PostAsJsonAsync(Uri($"/v1/users/{adminId}/deactivate"), new { });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("self_deactivation", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(Uri("/v1/me"))).StatusCode);
        Assert.False((await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/users/{adminId}"))).GetProperty("deactivated").GetBoolean());
    }

    [Fact]
    public async Task NeitherALowerRoleNorALowerRoleTokenMayDeactivateReadOrEditAUserAndNothingChanges()
    {
        var admin = await AdminAsync();
        var (email, userId) = await CreateAsync(admin, $"v{Guid.NewGuid():N}"[..10]);
        var callers = new List<(string Who, HttpClient Client)>();
        foreach (var who in new[] { "learner@demo.local", "author@demo.local", "approver@demo.local" })
        {
            var client = factory.CreateClient();
            await client.SignInThroughApiAsync(who);
            callers.Add((who, client));
        }

        using var token = await admin.PostAsJsonAsync(Uri("/v1/tokens"), new { name = $"Approver {userId}", role = "Approver" });
        var integration = factory.CreateClient();
        integration.DefaultRequestHeaders.Authorization = new("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        callers.Add(("an approver token", integration));

        foreach (var (who, client) in callers)
        {
            foreach (var request in new Func<Task<HttpResponseMessage>>[]
            {
                () => client.PostAsJsonAsync(Uri($"/v1/users/{userId}/deactivate"), new { }),
                () => client.PutAsJsonAsync(Uri($"/v1/users/{userId}/profile"), new { firstName = "Taken", lastName = "Over" }),
                () => client.GetAsync(Uri($"/v1/users/{userId}")),
                () => client.GetAsync(Uri("/v1/users")),
            })
            {
                using var response = await request();
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{who}: {response.RequestMessage!.Method} {response.RequestMessage.RequestUri} answered {(int)response.StatusCode}");
            }
        }

        var user = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/users/{userId}"));
        Assert.Equal((false, "Us"), (user.GetProperty("deactivated").GetBoolean(), user.GetProperty("firstName").GetString()));
        await factory.CreateClient().SignInThroughApiAsync(email, Password);
    }

    [Fact]
    public async Task AnAdminTokenDeactivatesAndNothingNewIsAssignedToADeactivatedUser()
    {
        var admin = await AdminAsync();
        var (_, userId) = await CreateAsync(admin, $"a{Guid.NewGuid():N}"[..10]);
        using var token = await admin.PostAsJsonAsync(Uri("/v1/tokens"), new { name = $"HR {userId}", role = "Admin" });
        var integration = factory.CreateClient();
        integration.DefaultRequestHeaders.Authorization = new("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());

        using var deactivated = await integration.PostAsJsonAsync(Uri($"/v1/users/{userId}/deactivate"), new { });
        var results = await (await admin.PostAsJsonAsync(Uri($"/v1/packages/{DemoData.PackageId}/assignments"), new { userIds = new[] { userId } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var enrollments = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/packages/{DemoData.PackageId}/enrollments"));

        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        var result = Assert.Single(results.EnumerateArray());
        Assert.Equal(("account_deactivated", JsonValueKind.Null), (result.GetProperty("errorCode").GetString(), result.GetProperty("enrollment").ValueKind));
        Assert.DoesNotContain(enrollments.EnumerateArray(), e => e.GetProperty("userId").GetString() == userId);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        return admin;
    }

    private static async Task<(string Email, string UserId)> CreateAsync(HttpClient admin, string local, string lastName = "Er", string roles = "Learner")
    {
        var email = $"{local}@example.com";
        using var response = await admin.PostAsJsonAsync(Uri("/v1/users"), new { email, firstName = "Us", lastName, password = Password, roles = new[] { roles } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (email, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!);
    }

    private static async Task<string> MeAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>(Uri("/v1/me"))).GetProperty("userId").GetString()!;

    // The audit trail trails the grains by about a second.
    private static async Task LandedAsync(HttpClient admin, string userId, string kind)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/events?userId={userId}&kind={kind}"))).GetProperty("events").GetArrayLength() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{kind} of {userId} not within 20 s");
            await Task.Delay(100);
        }
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
