using System.Net.Http.Json;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>Learners of a test's own, so what it reads back is not moved by another test's progress.</summary>
internal static class FreshLearners
{
    public const string Password = "Crimson-Harbor-Lantern-42";

    /// <summary>A new learner account, created by the demo admin and signed in through the API (the sign-in cookie).</summary>
    public static async Task<HttpClient> SignedInAsync(Func<HttpClient> createClient)
    {
        ArgumentNullException.ThrowIfNull(createClient);
        using var admin = createClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        var email = $"learner-{Guid.NewGuid():N}@example.com";
        using var created = await admin.PostAsJsonAsync(new Uri("/v1/users", UriKind.Relative),
            new { email, firstName = "Fresh", lastName = "Learner", password = Password, roles = new[] { "learner" } });
        created.EnsureSuccessStatusCode();
        var learner = createClient();
        await learner.SignInThroughApiAsync(email, Password);
        return learner;
    }
}
