using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>
/// Input that only looks right: an id with a trailing line break, and requests the framework cannot bind (a required
/// query value missing, a value of the wrong type, a body that is not JSON). Each is a 4xx problem with a code, in the
/// Development environment <c>dotnet run</c> uses as in Production, and nothing is created.
/// </summary>
[Collection(LocalModeCollection.Name)]
public sealed class InputIntegrityTests(LocalModeFactory factory)
{
    [Theory]
    [InlineData("x\n")]
    [InlineData("x\r\n")]
    [InlineData("x\u200B")]
    [InlineData("\u0445")]
    public async Task ACourseWhoseIdOnlyLooksSafeIsRefusedAndNotCreated(string id)
    {
        var author = factory.CreateClient();
        await author.SignInThroughApiAsync("author@demo.local");
        var plain = id.TrimEnd('\r', '\n', '\u200B');

        using var response = await author.PostAsJsonAsync(Uri("/v1/courses"), new
        {
            id, title = "Look-alike",
            modules = new[] { new { id = "m", title = "M", lessons = new[] { new { id = "l", title = "L", type = "content", required = true, markdown = "x" } } } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("invalid_id", "id"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
        using var asSent = await author.GetAsync(Uri($"/v1/courses/{System.Uri.EscapeDataString(id)}/versions"));
        using var trimmed = await author.GetAsync(Uri($"/v1/courses/{System.Uri.EscapeDataString(plain)}/versions"));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (asSent.StatusCode, trimmed.StatusCode));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task RequestsTheFrameworkCannotBindAreFourHundredsWithACodeInEveryEnvironment(string environment)
    {
        using var portal = new LocalPortal(environment);
        var author = portal.CreateClient();
        await author.SignInThroughApiAsync("author@demo.local");
        var learner = portal.CreateClient();
        await learner.SignInThroughApiAsync("learner@demo.local");
        (await learner.PostAsJsonAsync(Uri("/v1/courses/phishing-awareness/start"), new { })).EnsureSuccessStatusCode();
        var coursesBefore = await author.GetStringAsync(Uri("/v1/courses"));
        var progressBefore = await learner.GetStringAsync(Uri("/v1/courses/phishing-awareness/progress"));

        using var zip = new ByteArrayContent([0x50, 0x4B, 0x03, 0x04]) { Headers = { ContentType = new MediaTypeHeaderValue("application/zip") } };
        using var importWithoutCourseId = await author.PostAsync(Uri("/v1/courses/import"), zip);
        using var wrongType = await author.GetAsync(Uri("/v1/packages/security-basics/diff?from=one&to=2"));
        using var missingDiffValue = await author.GetAsync(Uri("/v1/packages/security-basics/diff?from=1"));
        using var notJson = await learner.PostAsync(Uri("/v1/courses/phishing-awareness/progress/complete"),
            new StringContent("{\"lessonId\": ", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(importWithoutCourseId, HttpStatusCode.BadRequest, "malformed_request");
        await AssertProblemAsync(wrongType, HttpStatusCode.BadRequest, "malformed_request");
        await AssertProblemAsync(missingDiffValue, HttpStatusCode.BadRequest, "malformed_request");
        await AssertProblemAsync(notJson, HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal(coursesBefore, await author.GetStringAsync(Uri("/v1/courses")));
        Assert.Equal(progressBefore, await learner.GetStringAsync(Uri("/v1/courses/phishing-awareness/progress")));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
