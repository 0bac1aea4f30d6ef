using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Integration.Tests.Infrastructure;

namespace CoursePortal.Integration.Tests;

/// <summary>A deactivation is stored in PostgreSQL with the user's record and their credentials: after the silo and the
/// web restart, the account is still deactivated, is still refused at sign-in, the users list still says so, and the
/// audit trail holds the one event.</summary>
public sealed class UserDeactivationRestartTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Password = "Deactivated-Learner-1";

    [Fact]
    public async Task TheDeactivatedFlagSurvivesASiloRestartAndStillRefusesSignIn()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId) = ($"cluster-{id}", $"service-{id}");
        var email = $"leaver-{id}@example.com";
        string userId;

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var web = new ClientModeWebFactory(database.ConnectionString, clusterId, serviceId))
        {
            var admin = await web.SignedInClientAsync();
            using var created = await admin.PostAsJsonAsync(Uri("/v1/users"), new { email, firstName = "Lea", lastName = "Ver", password = Password, roles = new[] { "Learner" } });
            userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!;
            using var deactivated = await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/deactivate"), new { });
            Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
            await Eventually.HoldsAsync(async () => await EventsAsync(userId, "user_deactivated") == 1, TimeSpan.FromSeconds(20), "the deactivation reaches learning_events");
        }

        var stored = JsonDocument.Parse((await database.ScalarAsync<string>(
            "SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE serviceid = @s AND graintypestring = 'user' AND grainidextensionstring = @k",
            ("s", serviceId), ("k", GrainKeys.User(userId))))!).RootElement;
        Assert.True(stored.GetProperty("Profile").GetProperty("Deactivated").GetBoolean());

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var web = new ClientModeWebFactory(database.ConnectionString, clusterId, serviceId))
        {
            using var refused = await web.CreateClient().PostAsJsonAsync(Uri("/v1/session"), new { email, password = Password });
            var admin = await web.SignedInClientAsync();
            var user = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/users/{userId}"));
            var listed = Assert.Single((await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/users?q={email}"))).GetProperty("users").EnumerateArray());
            using var again = await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/deactivate"), new { });

            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("account_deactivated", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
            Assert.True(user.GetProperty("deactivated").GetBoolean());
            Assert.True(listed.GetProperty("deactivated").GetBoolean());
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);

            // Reactivated, they sign in; the deactivation asked again after the restart added no event.
            (await admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/reactivate"), new { })).EnsureSuccessStatusCode();
            using var signIn = await web.CreateClient().PostAsJsonAsync(Uri("/v1/session"), new { email, password = Password });
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            await Eventually.HoldsAsync(async () => await EventsAsync(userId, "user_reactivated") == 1, TimeSpan.FromSeconds(20), "the reactivation reaches learning_events");
            Assert.Equal(1, await EventsAsync(userId, "user_deactivated"));
        }
    }

    private Task<long> EventsAsync(string userId, string kind) =>
        database.ScalarAsync<long>("SELECT count(*) FROM learning_events WHERE user_id = @u AND kind = @k", ("u", userId), ("k", kind));

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
