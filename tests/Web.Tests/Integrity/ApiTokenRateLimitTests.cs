using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>
/// An integration's script hammers the API with its token. Past <c>Security:TokenRequestsPerMinute</c> (three here, on a
/// portal of this class's own) each request is refused with 429 problem details and <c>Retry-After</c> and changes
/// nothing; another token, and a person signed in with a cookie, go on in the same minute.
/// </summary>
public sealed class ApiTokenRateLimitTests : IDisposable
{
    private readonly LocalPortal _portal = new("Testing", settings: new Dictionary<string, string> { ["Security:TokenRequestsPerMinute"] = "3" });

    [Fact]
    public async Task RequestsPastTheLimitAreRefusedPerTokenAndChangeNothing()
    {
        var admin = _portal.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        var hammering = await TokenAsync(admin, "Hammering");
        var other = await TokenAsync(admin, "Calm");
        var course = $"limited-{Guid.NewGuid():N}"[..20];

        var allowed = new[] { await hammering.GetAsync(Uri("/v1/courses")), await hammering.GetAsync(Uri("/v1/courses")), await hammering.GetAsync(Uri("/v1/packages")) };
        using var write = await hammering.PostAsJsonAsync(Uri("/v1/courses"), new { id = course, title = "Over the limit" });
        using var read = await hammering.GetAsync(Uri("/v1/courses"));
        using var otherToken = await other.GetAsync(Uri("/v1/courses"));
        var people = new[] { await admin.GetAsync(Uri("/v1/courses")), await admin.GetAsync(Uri("/v1/courses")), await admin.GetAsync(Uri("/v1/courses")), await admin.GetAsync(Uri("/v1/courses")) };

        Assert.All(allowed, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var refused in new[] { write, read })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("rate_limited", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
            Assert.InRange(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        }

        Assert.Equal(HttpStatusCode.OK, otherToken.StatusCode);
        Assert.All(people, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Uri($"/v1/courses/{course}?version=1"))).StatusCode);
    }

    public void Dispose() => _portal.Dispose();

    private async Task<HttpClient> TokenAsync(HttpClient admin, string name)
    {
        using var created = await admin.PostAsJsonAsync(Uri("/v1/tokens"), new { name, role = "Contributor" });
        created.EnsureSuccessStatusCode();
        var client = _portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        return client;
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
