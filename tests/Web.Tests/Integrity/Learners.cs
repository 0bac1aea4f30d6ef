using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>What the integrity attacks share: a fresh learner, packages made through the API, and the learner's own
/// record as the site shows it, to compare before and after an attack.</summary>
internal static class Learners
{
    public const string Password = "integrity-password-1";

    public static async Task<HttpClient> AdminAsync(LocalModeFactory factory)
    {
        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        return admin;
    }

    /// <summary>A new learner account, signed in (the cookie serves pages and /v1 alike).</summary>
    public static async Task<(HttpClient Client, string UserId)> NewAsync(LocalModeFactory factory, HttpClient admin)
    {
        var email = $"int{Guid.NewGuid():N}"[..12] + "@example.com";
        using var response = await admin.PostAsJsonAsync(Uri("/v1/users"),
            new { email, firstName = "Inte", lastName = "Grity", password = Password, roles = new[] { "Learner" } });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync(email, Password);
        return (client, created.GetProperty("userId").GetString()!);
    }

    /// <summary>Creates and publishes a package with <paramref name="requirement"/> (requirement JSON); returns its id.</summary>
    public static async Task<string> PublishedPackageAsync(HttpClient admin, object requirement)
    {
        var id = $"pkg-{Guid.NewGuid():N}"[..16];
        (await admin.PostAsJsonAsync(Uri("/v1/packages"), new { id, name = $"Integrity {id}", requirement })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/publish"), new { changeNotes = "first" })).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>The learner's enrollments and courses exactly as <c>/v1/me/enrollments</c> answers.</summary>
    public static Task<string> EnrollmentsJsonAsync(HttpClient learner) => learner.GetStringAsync(Uri("/v1/me/enrollments"));

    /// <summary>What My learning shows of the learner's record: every enrollment card and the course list, as HTML.</summary>
    public static async Task<string> MyLearningAsync(HttpClient learner)
    {
        var page = await learner.GetDocumentAsync("/Learn/MyLearning");
        return string.Join("\n", page.QuerySelectorAll("section.enrollment, #no-enrollments, #course-progress, #no-courses").Select(e => e.OuterHtml));
    }

    public static Uri Uri(string path) => new(path, UriKind.Relative);
}
