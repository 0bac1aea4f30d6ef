using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>
/// A learner's script hammers the learner writes. Past <c>Security:LearnerWritesPerMinute</c> (three here, on a portal
/// of this class's own) each write is refused with 429 problem details and <c>Retry-After</c>, and changes nothing;
/// another learner's writes in the same minute go through.
/// </summary>
public sealed class RateLimitTests : IDisposable
{
    private const string Course = "phishing-awareness";

    private readonly LocalPortal _portal = new("Testing", settings: new Dictionary<string, string> { ["Security:LearnerWritesPerMinute"] = "3" });

    [Fact]
    public async Task WritesPastTheLimitAreRefusedPerUserAndChangeNothing()
    {
        var hammering = await FreshLearners.SignedInAsync(_portal.CreateClient);
        var other = await FreshLearners.SignedInAsync(_portal.CreateClient);

        var allowed = new[]
        {
            await hammering.PostAsJsonAsync(Uri($"/v1/courses/{Course}/start"), new { }),
            await Complete(hammering, "what-is-phishing"),
            await Complete(hammering, "red-flags"),
        };
        var progressBefore = await hammering.GetStringAsync(Uri($"/v1/courses/{Course}/progress"));
        var enrollmentsBefore = await hammering.GetStringAsync(Uri("/v1/me/enrollments"));
        using var attempt = await hammering.PostAsJsonAsync(Uri($"/v1/courses/{Course}/lessons/quiz/attempts"),
            new { answers = new Dictionary<string, string[]> { ["report"] = ["report"] } });
        using var enroll = await hammering.PostAsJsonAsync(Uri("/v1/packages/security-basics/enrollments"), new { });
        // The player's own form counts against the same budget.
        var player = await hammering.GetDocumentAsync($"/Learn/Player/{Course}/quiz");
        using var pageAttempt = await hammering.SubmitAsync((IHtmlFormElement)player.QuerySelector("form#assessment")!, new Dictionary<string, string> { ["q:report"] = "report" });
        using var otherStarts = await other.PostAsJsonAsync(Uri($"/v1/courses/{Course}/start"), new { });
        using var otherCompletes = await Complete(other, "what-is-phishing");

        Assert.All(allowed, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var refused in new[] { attempt, enroll })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("rate_limited", problem.GetProperty("code").GetString());
            var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 60);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, pageAttempt.StatusCode);
        Assert.Equal(progressBefore, await hammering.GetStringAsync(Uri($"/v1/courses/{Course}/progress")));
        Assert.Equal(enrollmentsBefore, await hammering.GetStringAsync(Uri("/v1/me/enrollments")));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (otherStarts.StatusCode, otherCompletes.StatusCode));
    }

    public void Dispose() => _portal.Dispose();

    private static Task<HttpResponseMessage> Complete(HttpClient learner, string lessonId) =>
        learner.PostAsJsonAsync(Uri($"/v1/courses/{Course}/progress/complete"), new { lessonId });

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
