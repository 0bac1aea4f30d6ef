using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>
/// A learner write (a lesson completion, a course start, a self-enrollment, a sign-in) never needs more than a few KB,
/// an attempt no more than the largest assessment's answers; one that sends more is refused with 413 problem details
/// before it is used, and changes nothing. Authors' writes keep the server's limit.
/// </summary>
[Collection(LocalModeCollection.Name)]
public sealed class RequestSizeTests(LocalModeFactory factory)
{
    private const string Course = "phishing-awareness";

    private static readonly string Padding = new('x', (int)LearnerWrites.MaxBodyBytes);

    [Fact]
    public async Task AnOversizedLearnerWriteIsRefusedAndChangesNothing()
    {
        var learner = await FreshLearners.SignedInAsync(factory.CreateClient);
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{Course}/start"), new { })).EnsureSuccessStatusCode();
        var progressBefore = await learner.GetStringAsync(Uri($"/v1/courses/{Course}/progress"));
        var enrollmentsBefore = await learner.GetStringAsync(Uri("/v1/me/enrollments"));

        var responses = new[]
        {
            await learner.PostAsync(Uri($"/v1/courses/{Course}/progress/complete"), Json(new { lessonId = "what-is-phishing", padding = Padding })),
            await learner.PostAsync(Uri($"/v1/courses/{Course}/lessons/quiz/attempts"),
                Json(new { answers = new Dictionary<string, string[]> { ["report"] = ["report"], ["padding"] = [new string('x', (int)LearnerWrites.MaxAttemptBytes)] } })),
            await learner.PostAsync(Uri($"/v1/courses/{Course}/start"), Json(new { padding = Padding })),
            await learner.PostAsync(Uri("/v1/packages/security-basics/enrollments"), Json(new { padding = new string('x', (int)LearnerWrites.MaxAssignmentBytes) })),
            await factory.CreateClient().PostAsync(Uri("/v1/session"), Json(new { email = "learner@demo.local", password = Padding })),
        };

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("too_large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        Assert.Equal(progressBefore, await learner.GetStringAsync(Uri($"/v1/courses/{Course}/progress")));
        Assert.Equal(enrollmentsBefore, await learner.GetStringAsync(Uri("/v1/me/enrollments")));
    }

    [Fact]
    public async Task ALearnerWriteUnderTheLimitGoesThrough()
    {
        var learner = await FreshLearners.SignedInAsync(factory.CreateClient);
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{Course}/start"), new { })).EnsureSuccessStatusCode();

        using var complete = await learner.PostAsync(Uri($"/v1/courses/{Course}/progress/complete"),
            Json(new { lessonId = "what-is-phishing", padding = Padding[..(int)(LearnerWrites.MaxBodyBytes / 2)] }));

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
    }

    [Fact]
    public async Task ThePlayersFormTakesAnAttemptWhileOtherLearnPagesTakeAFewKB()
    {
        var learner = await FreshLearners.SignedInAsync(factory.CreateClient);
        var padding = new string('x', (int)LearnerWrites.MaxBodyBytes + 1024);
        var coursePage = await learner.GetDocumentAsync($"/Learn/Course/{Course}");
        var start = (IHtmlFormElement)coursePage.QuerySelector("button#start")!.Closest("form")!;

        using var oversizedStart = await learner.PostAsync(Uri(start.GetAttribute("action")!), Form(start, ("padding", padding)));
        var progressAfterRefusal = await learner.GetAsync(Uri($"/v1/courses/{Course}/progress"));
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{Course}/start"), new { })).EnsureSuccessStatusCode();
        var quiz = await learner.GetDocumentAsync($"/Learn/Player/{Course}/quiz");
        var assessment = (IHtmlFormElement)quiz.QuerySelector("form#assessment")!;
        using var attempt = await learner.PostAsync(Uri(assessment.GetAttribute("action")!), Form(assessment, ("q:report", "report"), ("padding", padding)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversizedStart.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, progressAfterRefusal.StatusCode);
        Assert.Contains("Passed with 100 %", (await HtmlDocuments.ParseAsync(learner, attempt)).QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAuthorsLargeDraftIsNotALearnerWrite()
    {
        var author = factory.CreateClient();
        await author.SignInThroughApiAsync("author@demo.local");
        var id = $"big-{Guid.NewGuid():N}"[..16];

        using var created = await author.PostAsJsonAsync(Uri("/v1/courses"), new
        {
            id, title = "Big",
            modules = new[] { new { id = "m", title = "M", lessons = new[] { new { id = "l", title = "L", type = "content", required = true, markdown = new string('x', 100_000) } } } },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    // The form's own hidden fields (the antiforgery token) and the given ones, as a browser would post them.
    private static FormUrlEncodedContent Form(IHtmlFormElement form, params (string Name, string Value)[] fields) =>
        new(form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name))
            .Select(i => KeyValuePair.Create(i.Name!, i.Value))
            .Concat(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
