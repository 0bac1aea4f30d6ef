using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Web.Tests;

/// <summary>What the team tests share: people of a test's own (signed in, with their ids), reporting lines set through
/// the API as an admin sets them, and a user's enrollments as the API answers them, to compare before and after.</summary>
internal static class TeamPeople
{
    public const string Password = "Team-Lines-Harbor-42";

    public static Uri Uri(string path) => new(path, UriKind.Relative);

    public static async Task<HttpClient> AdminAsync(LocalModeFactory factory)
    {
        var admin = factory.CreateClient();
        await admin.SignInAsync("admin@demo.local");
        return admin;
    }

    /// <summary>A new account (a learner) and a client signed in as it.</summary>
    public static async Task<Person> NewAsync(LocalModeFactory factory, HttpClient admin, string firstName = "Team")
    {
        var email = $"tm{Guid.NewGuid():N}"[..14] + "@example.com";
        using var response = await admin.PostAsJsonAsync(Uri("/v1/users"), new { email, firstName, lastName = "Member", password = Password, roles = new[] { "Learner" } });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync(email, Password);
        return new Person(client, created.GetProperty("userId").GetString()!, email);
    }

    public static async Task SetManagerAsync(HttpClient admin, string userId, string? managerId)
    {
        using var response = await admin.PutAsJsonAsync(Uri($"/v1/users/{userId}/manager"), new { managerId });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The user ids of the caller's team as <c>GET /v1/me/team</c> lists them with the given query.</summary>
    public static async Task<List<string>> TeamIdsAsync(HttpClient manager, string query = "")
    {
        var team = await manager.GetFromJsonAsync<JsonElement>(Uri($"/v1/me/team{query}"));
        return [.. team.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("userId").GetString()!)];
    }

    /// <summary>The user's enrollments and courses exactly as <c>/v1/me/enrollments</c> answers them: what an attack on
    /// them must leave as it was.</summary>
    public static Task<string> EnrollmentsJsonAsync(Person person) => person.Client.GetStringAsync(Uri("/v1/me/enrollments"));

    public sealed record Person(HttpClient Client, string UserId, string Email);
}
