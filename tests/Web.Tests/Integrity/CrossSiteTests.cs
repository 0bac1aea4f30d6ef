using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>
/// A page on another site makes a signed-in learner's browser post to the API with the learner's cookie (a cross-site
/// request forgery). The browser says where the request comes from (<c>Sec-Fetch-Site</c>, <c>Origin</c>); such a
/// write is refused with 403 <c>cross_site_request</c> and the learner's progress is unchanged. The same request from
/// a script (no such headers) or from the portal's own page goes through.
/// </summary>
[Collection(LocalModeCollection.Name)]
public sealed class CrossSiteTests(LocalModeFactory factory)
{
    private const string Course = "phishing-awareness";

    public static TheoryData<string, string> CrossSiteHeaders => new()
    {
        { "Sec-Fetch-Site", "cross-site" },
        { "Sec-Fetch-Site", "same-site" },
        { "Sec-Fetch-Site", "CROSS-SITE" },
        { "Origin", "https://evil.example" },
        { "Origin", "http://localhost.evil.example" },
        { "Origin", "http://localhost:8081" },
        { "Origin", "null" },
    };

    [Theory]
    [MemberData(nameof(CrossSiteHeaders))]
    public async Task AWriteTheBrowserMarksCrossSiteIsRefusedAndChangesNothing(string header, string value)
    {
        var learner = await StartedLearnerAsync();
        var before = await learner.GetStringAsync(Uri($"/v1/courses/{Course}/progress"));
        var enrollmentsBefore = await learner.GetStringAsync(Uri("/v1/me/enrollments"));

        using var complete = await CompleteAsync(learner, (header, value));
        using var enroll = await SendAsync(learner, HttpMethod.Post, "/v1/packages/security-basics/enrollments", new { }, (header, value));
        using var signOut = await SendAsync(learner, HttpMethod.Delete, "/v1/session", null, (header, value));

        foreach (var response in new[] { complete, enroll, signOut })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("cross_site_request", problem.GetProperty("code").GetString());
        }

        Assert.Equal(before, await learner.GetStringAsync(Uri($"/v1/courses/{Course}/progress")));
        Assert.Equal(enrollmentsBefore, await learner.GetStringAsync(Uri("/v1/me/enrollments")));
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync(Uri("/v1/me"))).StatusCode);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("Origin", "http://localhost")]
    [InlineData("Sec-Fetch-Site", "same-origin")]
    [InlineData("Sec-Fetch-Site", "none")]
    public async Task AWriteFromAScriptOrThePortalsOwnPageGoesThrough(string? header, string? value)
    {
        var learner = await StartedLearnerAsync();

        using var complete = await CompleteAsync(learner, header is null ? null : (header, value!));

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var progress = await learner.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{Course}/progress"));
        Assert.Contains("what-is-phishing", progress.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReadFromAnotherSiteIsNotRefused()
    {
        var learner = await StartedLearnerAsync();

        using var read = await SendAsync(learner, HttpMethod.Get, $"/v1/courses/{Course}/progress", null, ("Sec-Fetch-Site", "cross-site"));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    private async Task<HttpClient> StartedLearnerAsync()
    {
        var learner = await FreshLearners.SignedInAsync(factory.CreateClient);
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{Course}/start"), new { })).EnsureSuccessStatusCode();
        return learner;
    }

    private static Task<HttpResponseMessage> CompleteAsync(HttpClient learner, (string Name, string Value)? header) =>
        SendAsync(learner, HttpMethod.Post, $"/v1/courses/{Course}/progress/complete", new { lessonId = "what-is-phishing" }, header);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, (string Name, string Value)? header)
    {
        using var request = new HttpRequestMessage(method, Uri(path)) { Content = body is null ? null : JsonContent.Create(body) };
        if (header is { } h)
        {
            request.Headers.TryAddWithoutValidation(h.Name, h.Value);
        }

        return await client.SendAsync(request);
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
