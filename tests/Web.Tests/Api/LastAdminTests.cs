using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Api;

/// <summary>The portal always keeps an admin who can sign in: the last active admin cannot be deactivated or demoted, by
/// an admin token or by anyone, and a deactivated admin no longer counts. On a portal of its own, whose only admin is the demo one.</summary>
public sealed class LastAdminTests
{
    private const string Password = "last-admin-password-1";

    [Fact]
    public async Task TheLastActiveAdminCannotBeDeactivatedAndADeactivatedAdminDoesNotCount()
    {
        using var portal = new LocalPortal("Testing");
        var admin = portal.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        var adminId = (await admin.GetFromJsonAsync<JsonElement>(Uri("/v1/me"))).GetProperty("userId").GetString()!;
        using var created = await admin.PostAsJsonAsync(Uri("/v1/tokens"), new { name = "HR sync", role = "Admin" });
        var integration = portal.CreateClient();
        integration.DefaultRequestHeaders.Authorization = new("Bearer", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());

        // The demo admin is the only one: an admin token may not take them away.
        using var onlyOne = await integration.PostAsJsonAsync(Uri($"/v1/users/{adminId}/deactivate"), new { });
        Assert.Equal(HttpStatusCode.Conflict, onlyOne.StatusCode);
        Assert.Equal("last_admin", (await onlyOne.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.False((await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/users/{adminId}"))).GetProperty("deactivated").GetBoolean());
        await portal.CreateClient().SignInThroughApiAsync("admin@demo.local");

        // With a second admin the first may go; then the second is the last, whoever asks.
        using var second = await admin.PostAsJsonAsync(Uri("/v1/users"),
            new { email = "second-admin@example.com", firstName = "Sec", lastName = "Ond", password = Password, roles = new[] { "Admin" } });
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!;
        var secondAdmin = portal.CreateClient();
        await secondAdmin.SignInThroughApiAsync("second-admin@example.com", Password);
        using var first = await secondAdmin.PostAsJsonAsync(Uri($"/v1/users/{adminId}/deactivate"), new { });
        using var last = await integration.PostAsJsonAsync(Uri($"/v1/users/{secondId}/deactivate"), new { });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Equal("last_admin", (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await secondAdmin.GetAsync(Uri("/v1/me"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync(Uri("/v1/me"))).StatusCode);

        // Reactivated, the first counts again, and the second may go.
        (await secondAdmin.PostAsJsonAsync(Uri($"/v1/users/{adminId}/reactivate"), new { })).EnsureSuccessStatusCode();
        using var now = await integration.PostAsJsonAsync(Uri($"/v1/users/{secondId}/deactivate"), new { });
        Assert.Equal(HttpStatusCode.OK, now.StatusCode);
    }

    [Fact]
    public async Task TheLastActiveAdminCannotBeDemotedAndKeepsTheRoleUntilAnotherAdminExists()
    {
        using var portal = new LocalPortal("Testing");
        var admin = portal.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        var adminId = (await admin.GetFromJsonAsync<JsonElement>(Uri("/v1/me"))).GetProperty("userId").GetString()!;
        var events = await EventCountAsync(admin, "role_changed");

        using var demoted = await admin.PutAsJsonAsync(Uri($"/v1/users/{adminId}/roles"), new { roles = new[] { "Learner" } });
        Assert.Equal(HttpStatusCode.Conflict, demoted.StatusCode);
        Assert.Equal("last_admin", (await demoted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Contains("Admin", Roles(await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/users/{adminId}"))));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(Uri("/v1/users"))).StatusCode);
        Assert.Equal(events, await EventCountAsync(admin, "role_changed"));

        // With another admin, the first may become a learner; the other is then the last.
        using var second = await admin.PostAsJsonAsync(Uri("/v1/users"),
            new { email = "other-admin@example.com", firstName = "Oth", lastName = "Er", password = Password, roles = new[] { "Admin" } });
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!;
        var other = portal.CreateClient();
        await other.SignInThroughApiAsync("other-admin@example.com", Password);
        using var allowed = await other.PutAsJsonAsync(Uri($"/v1/users/{adminId}/roles"), new { roles = new[] { "Learner" } });
        using var last = await other.PutAsJsonAsync(Uri($"/v1/users/{secondId}/roles"), new { roles = new[] { "Approver" } });

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.DoesNotContain("Admin", Roles(await allowed.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Contains("Admin", Roles(await other.GetFromJsonAsync<JsonElement>(Uri($"/v1/users/{secondId}"))));
    }

    private static List<string> Roles(JsonElement user) => [.. user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!)];

    private static async Task<int> EventCountAsync(HttpClient admin, string kind) =>
        (await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/events?kind={kind}&limit=1000"))).GetProperty("events").GetArrayLength();

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
