using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Api;

/// <summary>Moving learners through /v1: start a move, follow its status to the end; bad input is refused.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class MoveApiTests(LocalModeFactory factory)
{
    private static Uri Uri(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task AnAdminMovesAnOlderVersionsLearnersAndFollowsTheMoveToItsEnd()
    {
        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        var id = $"pkg-{Guid.NewGuid():N}"[..16];
        var package = new { id, name = "Moving", requirement = new { set = "all", items = new[] { new { course = "gdpr-overview" } } } };
        (await admin.PostAsJsonAsync(Uri("/v1/packages"), package)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/publish"), new { changeNotes = "v1" })).EnsureSuccessStatusCode();
        var email = $"mov{Guid.NewGuid():N}"[..12] + "@example.com";
        var learner = await (await admin.PostAsJsonAsync(Uri("/v1/users"), new { email, firstName = "Mo", lastName = "Ving", roles = new[] { "Learner" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/enrollments"), new { userIds = new[] { learner.GetProperty("userId").GetString() } })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/versions"), new { })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync(Uri($"/v1/packages/{id}/draft"), package with { name = "Moving, v2" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/publish"), new { changeNotes = "v2" })).EnsureSuccessStatusCode();
        // The move finds learners in the audit trail, which the enrollment reaches a moment later.
        await EventuallyAsync(async () => (await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/events?packageId={id}&kind=enrolled")))
            .GetProperty("events").GetArrayLength() == 1);

        using var badStatus = await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/moves"), new { fromVersion = 1, statuses = new[] { "completed" } });
        using var noVersion = await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/moves"), new { statuses = new[] { "notStarted" } });
        using var unknown = await admin.GetAsync(Uri("/v1/moves/move-nothing-here"));
        using var started = await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/moves"), new { fromVersion = 1, statuses = new[] { "notStarted" } });
        var location = started.Headers.Location!.OriginalString;
        JsonElement status = default;
        await EventuallyAsync(async () => (status = await admin.GetFromJsonAsync<JsonElement>(Uri(location))).GetProperty("state").GetString() != "running");

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_statuses"), (badStatus.StatusCode, await CodeAsync(badStatus)));
        Assert.Equal((HttpStatusCode.BadRequest, "required"), (noVersion.StatusCode, await CodeAsync(noVersion)));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(("completed", 1, 2), (status.GetProperty("state").GetString(), status.GetProperty("moved").GetInt32(), status.GetProperty("toVersion").GetInt32()));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("reason").ValueKind);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within 20 s");
            await Task.Delay(100);
        }
    }
}
