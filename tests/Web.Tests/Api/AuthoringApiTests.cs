using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Api;

/// <summary>What the author pages offer beside editing and publishing, over /v1: a course's diff between versions, a
/// package's preview, and the requirement-group library; each refused to learners and changing nothing when refused.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class AuthoringApiTests(LocalModeFactory factory)
{
    [Fact]
    public async Task TheCourseDiffNamesWhatChangedBetweenTwoPublishedVersions()
    {
        var author = await SignedInAsync("author@demo.local");
        var approver = await SignedInAsync("approver@demo.local");
        var id = $"diff-{Guid.NewGuid():N}"[..16];
        (await author.PostAsJsonAsync(Uri("/v1/courses"), Course(id, "First edition", "intro"))).EnsureSuccessStatusCode();
        (await approver.PostAsJsonAsync(Uri($"/v1/courses/{id}/publish"), new { changeNotes = "v1" })).EnsureSuccessStatusCode();
        (await author.PutAsJsonAsync(Uri($"/v1/courses/{id}"), Course(id, "Second edition", "recap"))).EnsureSuccessStatusCode();
        (await approver.PostAsJsonAsync(Uri($"/v1/courses/{id}/publish"), new { changeNotes = "v2" })).EnsureSuccessStatusCode();
        var learner = await SignedInAsync("learner@demo.local");

        var diff = await author.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{id}/diff?from=1&to=2"));
        using var refused = await learner.GetAsync(Uri($"/v1/courses/{id}/diff?from=1&to=2"));
        using var noVersion = await author.GetAsync(Uri($"/v1/courses/{id}/diff?from=1&to=9"));

        Assert.Equal((1, 2), (diff.GetProperty("from").GetInt32(), diff.GetProperty("to").GetInt32()));
        Assert.Contains("Second edition", diff.GetProperty("metadata").GetRawText(), StringComparison.Ordinal);
        Assert.Contains("First edition", diff.GetProperty("metadata").GetRawText(), StringComparison.Ordinal);
        Assert.Contains("recap", diff.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noVersion.StatusCode);
    }

    [Fact]
    public async Task APackagePreviewEvaluatesTheTreeForTheTickedCoursesAndEnrollsNobody()
    {
        var admin = await SignedInAsync("admin@demo.local");
        var id = $"pre-{Guid.NewGuid():N}"[..16];
        var package = new
        {
            id, name = "Previewed",
            requirement = new { set = "atLeast", min = 1, items = new[] { new { course = "gdpr-overview", required = false }, new { course = "phishing-awareness", required = false } } },
        };
        (await admin.PostAsJsonAsync(Uri("/v1/packages"), package)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/publish"), new { changeNotes = "v1" })).EnsureSuccessStatusCode();
        var learner = await SignedInAsync("learner@demo.local");

        var none = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/packages/{id}/preview"));
        var one = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/packages/{id}/preview?version=1&completed=phishing-awareness"));
        using var refused = await learner.GetAsync(Uri($"/v1/packages/{id}/preview?completed=phishing-awareness"));
        using var noVersion = await admin.GetAsync(Uri($"/v1/packages/{id}/preview?version=7"));
        var events = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/events?packageId={id}&kind=enrolled"));

        Assert.Equal((1, false), (none.GetProperty("version").GetInt32(), none.GetProperty("complete").GetBoolean()));
        Assert.True(one.GetProperty("complete").GetBoolean());
        Assert.Equal(["phishing-awareness"], one.GetProperty("completed").EnumerateArray().Select(c => c.GetString()));
        Assert.True(one.GetProperty("root").GetProperty("satisfied").GetBoolean());
        Assert.Equal("completed", one.GetProperty("root").GetProperty("items")[1].GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noVersion.StatusCode);
        Assert.Empty(events.GetProperty("events").EnumerateArray());
    }

    [Fact]
    public async Task AnAuthorSavesALibraryGroupAndBadGroupsOrALearnerChangeNothing()
    {
        var author = await SignedInAsync("author@demo.local");
        var learner = await SignedInAsync("learner@demo.local");
        var id = $"grp-{Guid.NewGuid():N}"[..16];
        var set = new { set = "atLeast", min = 1, name = "Either basics course",
            items = new[] { new { course = "gdpr-overview", required = false }, new { course = "phishing-awareness", required = false } } };

        using var byLearner = await learner.PutAsJsonAsync(Uri($"/v1/requirement-groups/{id}"), set);
        using var aCourse = await author.PutAsJsonAsync(Uri($"/v1/requirement-groups/{id}"), new { course = "gdpr-overview" });
        using var tooMany = await author.PutAsJsonAsync(Uri($"/v1/requirement-groups/{id}"), set with { min = 3 });
        using var badId = await author.PutAsJsonAsync(Uri("/v1/requirement-groups/Not_An-ID!"), set);
        var before = await IdsAsync(author);
        using var saved = await author.PutAsJsonAsync(Uri($"/v1/requirement-groups/{id}"), set);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var listed = (await author.GetFromJsonAsync<JsonElement>(Uri("/v1/requirement-groups"))).EnumerateArray().Single(g => g.GetProperty("id").GetString() == id);

        Assert.Equal(HttpStatusCode.Forbidden, byLearner.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_node"), (aCourse.StatusCode, await CodeAsync(aCourse)));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_id"), (badId.StatusCode, await CodeAsync(badId)));
        Assert.DoesNotContain(id, before);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(("atLeast", 1, 2), (listed.GetProperty("set").GetProperty("set").GetString(), listed.GetProperty("set").GetProperty("min").GetInt32(),
            listed.GetProperty("set").GetProperty("items").GetArrayLength()));
        Assert.Equal("Either basics course", listed.GetProperty("set").GetProperty("name").GetString());
    }

    private static async Task<List<string>> IdsAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(Uri("/v1/requirement-groups"))).EnumerateArray().Select(g => g.GetProperty("id").GetString()!)];

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync(email);
        return client;
    }

    private static object Course(string id, string title, string lessonId) => new
    {
        id, title,
        modules = new[] { new { id = "m", title = "Only module", lessons = new[] { new { id = lessonId, title = "Lesson", type = "content", required = true, markdown = "Hello" } } } },
    };

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
