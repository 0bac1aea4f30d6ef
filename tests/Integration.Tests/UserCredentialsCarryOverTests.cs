using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Integration.Tests;

/// <summary>
/// Accounts stored before credentials had a grain of their own. The rows below are what the UserGrain of that time wrote
/// to PostgreSQL, copied from the database after running it once (create an account with a password, record a
/// completion, change its roles, sign a session out), and put back under a fresh service id. The code of today reads
/// them, carries the password hash and sessions over to the credentials grain, and the account signs in as before.
/// </summary>
public sealed class UserCredentialsCarryOverTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string UserId = "legacy-learner";
    private const string Email = "legacy.learner@example.com";
    private const string Password = "Legacy-Learner-Pass-1";
    private const string OldHash = "AQAAAAIAAYagAAAAEMm5ivNZlhTpx9s0m5ucoTNarwM9wyYtsUKn5NT3i6GJlGLYO9WzWtjoQIP7Uo6Uiw==";
    private const string EndedSession = "ended-before-the-split";

    // (grainidhash, graintypehash, graintypestring, grainidextensionstring, version, payload) as the old code stored them.
    private static readonly CapturedRow[] OldRows =
    [
        new(-323353020, -1861727208, "email-index", "email:legacy.learner@example.com", 1, """{"UserId":"legacy-learner"}"""),
        new(340011128, -1581452166, "user", "user:legacy-learner", 4,
            """{"Profile":{"UserId":"legacy-learner","Email":"legacy.learner@example.com","FirstName":"Lena","LastName":"Legacy","DisplayName":"Lena Legacy","Roles":[0,1],"CreatedAt":"2026-11-30T15:41:30.5905186+00:00","HighestRole":1},"PasswordHash":"""
            + "\"" + OldHash + "\"" +
            ""","Completions":{"legacy-course":{"CourseId":"legacy-course","Version":2,"CompletedAt":"2026-03-04T05:06:07+00:00","Source":0}},"PackageEnrollments":[],"Outbox":{"Events":[],"HasUnwritten":false},"StartedCourses":[],"SessionGeneration":1,"EndedSessions":{"ended-before-the-split":"2099-01-01T00:00:00+00:00"}}"""),
        new(-1856817931, -793421440, "user-directory", "users:directory:98", 2,
            """{"Users":{"legacy-learner":{"UserId":"legacy-learner","Email":"legacy.learner@example.com","FirstName":"Lena","LastName":"Legacy","DisplayName":"Lena Legacy","Roles":[0,1],"CreatedAt":"2026-11-30T15:41:30.5905186+00:00","HighestRole":1}}}"""),
    ];

    [Fact]
    public async Task AnAccountStoredByTheOldUserGrainSignsInWithItsPasswordKeepsItsSessionsAndSignInsNoLongerWriteItsRecord()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId) = ($"cluster-{id}", $"service-{id}");
        await CapturedRows.InsertAsync(database, serviceId, OldRows);

        await using var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId);
        await using var web = new ClientModeWebFactory(database.ConnectionString, clusterId, serviceId);
        var http = web.CreateClient();
        var grains = web.Services.GetRequiredService<IGrainFactory>();

        using var signIn = await SignInAsync(http);
        var me = await http.GetFromJsonAsync<JsonElement>(new Uri("/v1/me", UriKind.Relative));
        var rules = await grains.GetGrain<IUserCredentialsGrain>(GrainKeys.UserCredentials(UserId)).GetSessionRulesAsync();
        var completions = await grains.GetGrain<IUserGrain>(GrainKeys.User(UserId)).GetCompletionsAsync();

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(UserId, me.GetProperty("userId").GetString());
        Assert.Equal(1, rules.Generation);
        Assert.Equal(EndedSession, Assert.Single(rules.EndedSessions));
        Assert.True(rules.Allows("a-session-signed-in-before-the-split", 1));
        Assert.False(rules.Allows(EndedSession, 1));
        Assert.False(rules.Allows("a-session-of-the-generation-before", 0));
        Assert.Equal("legacy-course", Assert.Single(completions.Keys));

        // The user's record forgets the credentials once the credentials grain has stored them, and keeps the rest.
        await Eventually.HoldsAsync(async () => !(await UserPayloadAsync(serviceId)).Contains(OldHash, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the user's record still holds the carried password hash");
        var record = JsonDocument.Parse(await UserPayloadAsync(serviceId)).RootElement;
        Assert.Equal((null, 0, null), (Stored(record, "PasswordHash"), Stored(record, "SessionGeneration")?.GetInt32() ?? 0, Stored(record, "EndedSessions")));
        Assert.True(record.GetProperty("Completions").TryGetProperty("legacy-course", out _));
        Assert.Equal("Lena Legacy", record.GetProperty("Profile").GetProperty("DisplayName").GetString());

        // Signing out and in again writes the credentials only: the learner's record stays as it was.
        var versionBefore = await UserVersionAsync(serviceId);
        using var signOut = await http.DeleteAsync(new Uri("/v1/session", UriKind.Relative));
        using var signInAgain = await SignInAsync(http);
        var rulesAfter = await grains.GetGrain<IUserCredentialsGrain>(GrainKeys.UserCredentials(UserId)).GetSessionRulesAsync();

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signInAgain.StatusCode);
        Assert.Equal(2, rulesAfter.EndedSessions.Length);
        Assert.Equal(versionBefore, await UserVersionAsync(serviceId));
    }

    // A member left at its default may be left out of the stored JSON.
    private static JsonElement? Stored(JsonElement record, string member) =>
        record.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static Task<HttpResponseMessage> SignInAsync(HttpClient http) =>
        http.PostAsJsonAsync(new Uri("/v1/session", UriKind.Relative), new { email = Email, password = Password });

    private async Task<string> UserPayloadAsync(string serviceId) =>
        (await database.ScalarAsync<string>(
            "SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE serviceid = @s AND graintypestring = 'user' AND grainidextensionstring = @k",
            ("s", serviceId), ("k", GrainKeys.User(UserId))))!;

    private Task<int> UserVersionAsync(string serviceId) =>
        database.ScalarAsync<int>(
            "SELECT version FROM orleansstorage WHERE serviceid = @s AND graintypestring = 'user' AND grainidextensionstring = @k",
            ("s", serviceId), ("k", GrainKeys.User(UserId)));
}
