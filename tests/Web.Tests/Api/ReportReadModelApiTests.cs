using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Api;

/// <summary>The reports served from the read models (replayed in memory in local mode): the enrollments list in keyset
/// pages with filters, and the course report.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class ReportReadModelApiTests(LocalModeFactory factory)
{
    private static Uri Uri(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task TheEnrollmentsListPagesByUserIdWithFiltersAndALinkToTheNextPage()
    {
        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        var id = $"pkg-{Guid.NewGuid():N}"[..16];
        var package = new { id, name = "Paged", requirement = new { set = "all", items = new[] { new { course = "gdpr-overview" } } } };
        (await admin.PostAsJsonAsync(Uri("/v1/packages"), package)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/publish"), new { changeNotes = "v1" })).EnsureSuccessStatusCode();
        var learners = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var email = $"pg{Guid.NewGuid():N}"[..12] + "@example.com";
            var created = await (await admin.PostAsJsonAsync(Uri("/v1/users"), new { email, firstName = "Pa", lastName = "Ged", roles = new[] { "Learner" } }))
                .Content.ReadFromJsonAsync<JsonElement>();
            learners.Add(created.GetProperty("userId").GetString()!);
        }

        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/enrollments"), new { userIds = learners })).EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await UsersAsync(admin, $"/v1/packages/{id}/enrollments")).Count < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "the enrollments are not listed");
            await Task.Delay(100);
        }

        using var first = await admin.GetAsync(Uri($"/v1/packages/{id}/enrollments?version=1&limit=2"));
        var next = first.Headers.GetValues("Link").Single();
        var firstPage = Users(await first.Content.ReadFromJsonAsync<JsonElement>());
        var nextPath = next[(next.IndexOf('<', StringComparison.Ordinal) + 1)..next.IndexOf('>', StringComparison.Ordinal)];
        using var second = await admin.GetAsync(Uri(nextPath));

        Assert.Equal(learners.Order(StringComparer.Ordinal).Take(2), firstPage);
        Assert.EndsWith("rel=\"next\"", next, StringComparison.Ordinal);
        Assert.Equal(learners.Order(StringComparer.Ordinal).Skip(2), Users(await second.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.False(second.Headers.Contains("Link"));
        Assert.Equal(learners.Order(StringComparer.Ordinal), await UsersAsync(admin, $"/v1/packages/{id}/enrollments?status=notStarted"));
        Assert.Empty(await UsersAsync(admin, $"/v1/packages/{id}/enrollments?status=completed"));
        Assert.Empty(await UsersAsync(admin, $"/v1/packages/{id}/enrollments?status=bogus"));
        Assert.Empty(await UsersAsync(admin, $"/v1/packages/{id}/enrollments?version=2"));
    }

    [Fact]
    public async Task TheEnrollmentsListSearchesByEmailOrNameLikeThePage()
    {
        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        var id = $"pkg-{Guid.NewGuid():N}"[..16];
        var marker = $"q{Guid.NewGuid():N}"[..10];
        var package = new { id, name = "Searched", requirement = new { set = "all", items = new[] { new { course = "gdpr-overview" } } } };
        (await admin.PostAsJsonAsync(Uri("/v1/packages"), package)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/publish"), new { changeNotes = "v1" })).EnsureSuccessStatusCode();
        var learners = new List<string>();
        foreach (var (email, last) in new[] { ($"{marker}a@example.com", "Plain"), ($"other{marker[1..]}@example.com", marker), ($"none{Guid.NewGuid():N}"[..14] + "@example.com", "Else") })
        {
            var created = await (await admin.PostAsJsonAsync(Uri("/v1/users"), new { email, firstName = "Se", lastName = last, roles = new[] { "Learner" } }))
                .Content.ReadFromJsonAsync<JsonElement>();
            learners.Add(created.GetProperty("userId").GetString()!);
        }

        (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/enrollments"), new { userIds = learners })).EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await UsersAsync(admin, $"/v1/packages/{id}/enrollments")).Count < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "the enrollments are not listed");
            await Task.Delay(100);
        }

        Assert.Equal(learners.Take(2).Order(StringComparer.Ordinal), (await UsersAsync(admin, $"/v1/packages/{id}/enrollments?q={marker}")).Order(StringComparer.Ordinal));
        Assert.Equal(learners.Take(1), await UsersAsync(admin, $"/v1/packages/{id}/enrollments?q={marker}a@"));
        Assert.Empty(await UsersAsync(admin, $"/v1/packages/{id}/enrollments?q={marker}&status=completed"));
        Assert.Empty(await UsersAsync(admin, $"/v1/packages/{id}/enrollments?q={marker}&status=bogus"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.GetAsync(Uri($"/v1/packages/Not%20A%20Package/enrollments?q={marker}"))).StatusCode);
    }

    [Fact]
    public async Task TheCourseReportHasItsVersionsAndThirtyDaysOfCompletions()
    {
        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");

        var report = await admin.GetFromJsonAsync<JsonElement>(Uri("/v1/reports/courses/gdpr-overview"));
        using var unknown = await admin.GetAsync(Uri("/v1/reports/courses/Not%20A%20Course"));

        Assert.Equal(JsonValueKind.Array, report.GetProperty("versions").ValueKind);
        Assert.Equal(30, report.GetProperty("completionsPerDay").GetArrayLength());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task<List<string>> UsersAsync(HttpClient client, string path) =>
        Users(await client.GetFromJsonAsync<JsonElement>(Uri(path)));

    private static List<string> Users(JsonElement list) => [.. list.EnumerateArray().Select(e => e.GetProperty("userId").GetString()!)];
}
