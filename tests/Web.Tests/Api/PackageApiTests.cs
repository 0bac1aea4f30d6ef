using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Api;

[Collection(LocalModeCollection.Name)]
public sealed class PackageApiTests(LocalModeFactory factory)
{
    [Fact]
    public async Task AnAuthorBuildsAPackageInTheContractsJsonAndALearnerSeesTheirEvaluatedTree()
    {
        var id = $"pkg-{Guid.NewGuid():N}"[..16];
        var author = await SignedInAsync("author@demo.local");
        var approver = await SignedInAsync("approver@demo.local");
        var learner = await SignedInAsync("learner@demo.local");
        var body = new
        {
            id,
            name = "Security path",
            description = "API test",
            category = "Security",
            requirement = new
            {
                set = "all",
                items = new object[]
                {
                    new { course = "password-security", required = true },
                    new { set = "atLeast", min = 1, name = "Extras", required = true, items = new object[] { new { course = "gdpr-overview", required = false }, new { course = "phishing-awareness", required = false } } },
                },
            },
        };

        var created = await author.PostAsJsonAsync(Uri("/v1/packages"), body);
        var invalid = await author.PostAsJsonAsync(Uri("/v1/packages"), new { id = id + "-x", name = "Bad", requirement = new { set = "sometimes", items = Array.Empty<object>() } });
        var published = await approver.PostAsJsonAsync(Uri($"/v1/packages/{id}/publish"), new { changeNotes = "first" });
        var enrolled = await learner.PostAsJsonAsync(Uri($"/v1/packages/{id}/enrollments"), new { });
        var assignOthers = await learner.PostAsJsonAsync(Uri($"/v1/packages/{id}/enrollments"), new { userIds = new[] { "someone" } });
        var mine = await learner.GetFromJsonAsync<JsonElement>(Uri("/v1/me/enrollments"));
        var versions = await author.GetFromJsonAsync<JsonElement>(Uri($"/v1/packages/{id}/versions"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("requirement", (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, assignOthers.StatusCode);
        var enrollment = mine.GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("packageId").GetString() == id);
        var root = enrollment.GetProperty("root");
        // The shared demo learner may hold credit from other tests: the root is open, not yet satisfied.
        Assert.Equal(("all", false), (root.GetProperty("set").GetString(), root.GetProperty("satisfied").GetBoolean()));
        Assert.Contains(root.GetProperty("state").GetString(), new[] { "available", "inProgress" });
        Assert.Equal("available", root.GetProperty("items")[0].GetProperty("state").GetString());
        Assert.Equal("atLeast", root.GetProperty("items")[1].GetProperty("set").GetString());
        Assert.Equal(1, versions[0].GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task TheDiffOfTwoVersionsIsServedToAuthors()
    {
        var id = $"pdiff-{Guid.NewGuid():N}"[..16];
        var author = await SignedInAsync("author@demo.local");
        var approver = await SignedInAsync("approver@demo.local");
        object Tree(bool gdprRequired) => new { set = "all", items = new object[] { new { course = "password-security" }, new { course = "gdpr-overview", required = gdprRequired } } };
        await author.PostAsJsonAsync(Uri("/v1/packages"), new { id, name = "Diff", requirement = Tree(false) });
        await approver.PostAsJsonAsync(Uri($"/v1/packages/{id}/publish"), new { changeNotes = "v1" });
        var draft = await author.PostAsJsonAsync(Uri($"/v1/packages/{id}/versions"), new { });
        await author.PutAsJsonAsync(Uri($"/v1/packages/{id}/draft"), new { name = "Diff", requirement = Tree(true) });
        var twice = await author.PostAsJsonAsync(Uri($"/v1/packages/{id}/versions"), new { });

        var diff = await author.GetFromJsonAsync<JsonElement>(Uri($"/v1/packages/{id}/diff?from=1&to=2"));

        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var change = diff.GetProperty("modified").EnumerateArray().Single();
        Assert.Equal(("gdpr-overview", "optional", "required"), (change.GetProperty("item").GetProperty("label").GetString(), change.GetProperty("from").GetString(), change.GetProperty("to").GetString()));
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync(email, LocalModeFactory.DemoPassword);
        return client;
    }
}
