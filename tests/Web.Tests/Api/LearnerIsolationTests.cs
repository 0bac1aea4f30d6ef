using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Tests.Api;

/// <summary>A learner who changes ids in URLs and bodies reaches only their own progress: the user always comes from
/// the sign-in cookie, and every attempt at someone else's data is refused and changes nothing.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class LearnerIsolationTests(LocalModeFactory factory)
{
    private async Task<(HttpClient Client, string UserId)> NewLearnerAsync(HttpClient admin)
    {
        var email = $"iso{Guid.NewGuid():N}"[..12] + "@example.com";
        var created = await (await admin.PostAsJsonAsync(new Uri("/v1/users", UriKind.Relative),
            new { email, firstName = "Iso", lastName = "Lated", password = "isolated-password-1", roles = new[] { "Learner" } })).Content.ReadFromJsonAsync<JsonElement>();
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync(email, "isolated-password-1");
        return (client, created.GetProperty("userId").GetString()!);
    }

    [Fact]
    public async Task ALearnerCannotReadOrChangeAnotherLearnersProgressOrEnrollments()
    {
        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        var (alice, aliceId) = await NewLearnerAsync(admin);
        var (mallory, _) = await NewLearnerAsync(admin);
        (await alice.PostAsync(new Uri("/v1/courses/phishing-awareness/start", UriKind.Relative), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        (await alice.PostAsJsonAsync(new Uri("/v1/courses/phishing-awareness/progress/complete", UriKind.Relative), new { lessonId = "what-is-phishing" })).EnsureSuccessStatusCode();
        var before = await alice.GetStringAsync(new Uri("/v1/courses/phishing-awareness/progress", UriKind.Relative));

        using var progress = await mallory.GetAsync(new Uri("/v1/courses/phishing-awareness/progress", UriKind.Relative));
        using var completion = await mallory.PostAsJsonAsync(new Uri("/v1/courses/phishing-awareness/progress/complete", UriKind.Relative), new { lessonId = "red-flags", userId = aliceId });
        using var transcript = await mallory.GetAsync(new Uri($"/v1/users/{aliceId}/transcript", UriKind.Relative));
        using var enrollOther = await mallory.PostAsJsonAsync(new Uri($"/v1/packages/{DemoData.PackageId}/enrollments", UriKind.Relative), new { userIds = new[] { aliceId } });
        using var listOthers = await mallory.GetAsync(new Uri($"/v1/packages/{DemoData.PackageId}/enrollments", UriKind.Relative));
        using var page = await mallory.GetAsync(new Uri($"/Learn/Player/phishing-awareness/what-is-phishing?userId={aliceId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, progress.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, completion.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, transcript.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, enrollOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, listOthers.StatusCode);
        // Mallory has not started the course: the player sends her to the course page, with nothing of Alice's marked done.
        Assert.Equal("/Learn/Course/phishing-awareness", page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.DoesNotContain("· done", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await alice.GetStringAsync(new Uri("/v1/courses/phishing-awareness/progress", UriKind.Relative)));
        var aliceEnrollments = await alice.GetFromJsonAsync<JsonElement>(new Uri("/v1/me/enrollments", UriKind.Relative));
        Assert.Empty(aliceEnrollments.GetProperty("packages").EnumerateArray());
    }
}
