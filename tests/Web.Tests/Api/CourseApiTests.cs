using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Api;

[Collection(LocalModeCollection.Name)]
public sealed class CourseApiTests(LocalModeFactory factory)
{
    [Fact]
    public async Task AnAuthorCreatesAnApproverPublishesAndALearnerTakesTheCourse()
    {
        var id = $"api-{Guid.NewGuid():N}"[..16];
        var author = await SignedInAsync("author@demo.local");
        var approver = await SignedInAsync("approver@demo.local");
        var learner = await SignedInAsync("learner@demo.local");

        var created = await author.PostAsJsonAsync(Uri("/v1/courses"), Course(id));
        var learnerCannotPublish = await learner.PostAsJsonAsync(Uri($"/v1/courses/{id}/publish"), new { changeNotes = "x" });
        var published = await approver.PostAsJsonAsync(Uri($"/v1/courses/{id}/publish"), new { changeNotes = "First release" });
        var asLearner = await learner.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{id}"));
        var start = await learner.PostAsJsonAsync(Uri($"/v1/courses/{id}/start"), new { });
        var complete = await learner.PostAsJsonAsync(Uri($"/v1/courses/{id}/progress/complete"), new { lessonId = "intro" });
        var attempt = await (await learner.PostAsJsonAsync(Uri($"/v1/courses/{id}/lessons/quiz/attempts"), new { answers = new Dictionary<string, string[]> { ["q1"] = ["a"] } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var otherLearner = await (await SignedInAsync("admin@demo.local")).GetAsync(Uri($"/v1/courses/{id}/progress"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/v1/courses/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, learnerCannotPublish.StatusCode);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var option = asLearner.GetProperty("modules")[0].GetProperty("lessons")[1].GetProperty("questions")[0].GetProperty("options")[0];
        Assert.False(option.TryGetProperty("correct", out var correct) && correct.ValueKind != JsonValueKind.Null, "learners never see the answer key");
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal((100, true, 100), (attempt.GetProperty("score").GetInt32(), attempt.GetProperty("passed").GetBoolean(), attempt.GetProperty("progress").GetProperty("percent").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, otherLearner.StatusCode);
    }

    [Fact]
    public async Task BadInputIsProblemDetailsNamingTheFieldAndChangesNothing()
    {
        var id = $"bad-{Guid.NewGuid():N}"[..16];
        var author = await SignedInAsync("author@demo.local");
        var learner = await SignedInAsync("learner@demo.local");
        var course = Course(id) with { Modules = [new ModuleBody("m", "M", [new LessonBody("x", "X", "podcast", true)])] };

        var unknownType = await author.PostAsJsonAsync(Uri("/v1/courses"), course);
        var truncated = await author.PostAsync(Uri("/v1/courses"), new StringContent("{\"id\": \"x\", \"title\": ", Encoding.UTF8, "application/json"));
        var learnerCreates = await learner.PostAsJsonAsync(Uri("/v1/courses"), Course(id));
        var missing = await author.GetAsync(Uri($"/v1/courses/{id}/versions"));
        var olderVersionForLearner = await learner.GetAsync(Uri("/v1/courses/phishing-awareness?version=1"));

        var problem = await unknownType.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, unknownType.StatusCode);
        Assert.Equal(("invalid_type", "application/problem+json"), (problem.GetProperty("code").GetString(), unknownType.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Equal("application/problem+json", truncated.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, learnerCreates.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, olderVersionForLearner.StatusCode);
    }

    [Fact]
    public async Task AnAttemptsPolicyOutOfBoundsIsRefusedNamingItsField()
    {
        var id = $"pol-{Guid.NewGuid():N}"[..16];
        var author = await SignedInAsync("author@demo.local");
        var course = Course(id);
        var quiz = course.Modules[0].Lessons[1];

        var noAttempts = await author.PostAsJsonAsync(Uri("/v1/courses"), course with { Modules = [course.Modules[0] with { Lessons = [course.Modules[0].Lessons[0], quiz with { MaxAttempts = 0 }] }] });
        var endlessWait = await author.PostAsJsonAsync(Uri("/v1/courses"), course with { Modules = [course.Modules[0] with { Lessons = [course.Modules[0].Lessons[0], quiz with { MinutesBetweenAttempts = 50_000 }] }] });
        var missing = await author.GetAsync(Uri($"/v1/courses/{id}?version=1"));

        foreach (var (response, field) in new[] { (noAttempts, "maxAttempts"), (endlessWait, "minutesBetweenAttempts") })
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(("out_of_range", $"modules[0].lessons[1].assessment.{field}"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
        }

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync(email);
        return client;
    }

    private static CourseBody Course(string id) => new(id, "API course",
    [
        new ModuleBody("m", "Module",
        [
            new LessonBody("intro", "Intro", "content", true, Markdown: "# Hello"),
            new LessonBody("quiz", "Quiz", "assessment", true, PassMark: 100, Questions:
                [new QuestionBody("q1", "Pick a", false, [new OptionBody("a", "A", true), new OptionBody("b", "B", false)])]),
        ]),
    ]);

    private sealed record CourseBody(string Id, string Title, ModuleBody[] Modules);

    private sealed record ModuleBody(string Id, string Title, LessonBody[] Lessons);

    private sealed record LessonBody(string Id, string Title, string Type, bool Required, string? Markdown = null, int? PassMark = null, QuestionBody[]? Questions = null,
        int? MaxAttempts = null, int? MinutesBetweenAttempts = null);

    private sealed record QuestionBody(string Id, string Text, bool Multiple, OptionBody[] Options);

    private sealed record OptionBody(string Id, string Text, bool Correct);
}
