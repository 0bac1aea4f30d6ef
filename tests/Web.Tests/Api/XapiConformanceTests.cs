using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Api;

/// <summary>
/// The statements of <c>GET /v1/events/xapi</c> are ones a conformant LRS accepts: every kind of learning event the portal
/// records, caused by the portal's own operations (authoring, publishing, enrolling, a move, a learner's work, an admin's
/// grant, credit, role change, deactivation and reactivation), exported and run through Learning Locker's validator (<see cref="XapiValidator"/>).
/// </summary>
[Collection(LocalModeCollection.Name)]
public sealed class XapiConformanceTests(LocalModeFactory factory)
{
    private const string Password = "xapi-conformance-1";
    private static readonly object Right = new { answers = new Dictionary<string, string[]> { ["q1"] = ["a"] } };
    private static readonly object Wrong = new { answers = new Dictionary<string, string[]> { ["q1"] = ["b"] } };
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static IReadOnlyList<string> EveryKind { get; } =
        [.. typeof(LearningEventKinds).GetFields().Select(f => (string)f.GetValue(null)!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task EveryKindOfStatementThePortalExportsIsAcceptedByLearningLockersValidator()
    {
        var version = XapiValidator.Version();
        var played = await PlayEveryKindAsync();
        var admin = await SignedInAsync("admin@demo.local");
        // Token events belong to no learner: they are found by kind.
        var filters = new[]
        {
            $"userId={played.UserId}", $"courseId={played.CourseId}", $"packageId={played.PackageId}",
            $"kind={LearningEventKinds.ApiTokenCreated}", $"kind={LearningEventKinds.ApiTokenRevoked}", $"kind={LearningEventKinds.ApiTokenUsedFromNewAddress}",
        };
        await KindsOnceLandedAsync(admin, filters);

        // The export path itself: each filter's download, its statements joined by id (authoring events have no learner).
        var statements = new Dictionary<string, JsonNode>();
        foreach (var filter in filters)
        {
            using var response = await admin.GetAsync(Uri($"/v1/events/xapi?{filter}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            foreach (var statement in JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray())
            {
                statements[statement!["id"]!.GetValue<string>()] = statement.DeepClone();
            }
        }

        // Read after the export, so every exported event is among them.
        var kinds = await KindsOnceLandedAsync(admin, filters);
        var verdicts = await XapiValidator.ValidateAsync(new JsonArray([.. statements.Values.Select(s => s.DeepClone())]).ToJsonString());

        Assert.Equal(statements.Keys, verdicts.Select(v => v.Id));
        Assert.Equal(EveryKind, verdicts.Select(v => kinds[v.Id!]).Distinct().Order(StringComparer.Ordinal));
        var refused = verdicts.Where(v => v.Errors.Count > 0)
            .Select(v => $"{kinds[v.Id!]}: {string.Join("; ", v.Errors.Select(e => e.GetRawText()))}\n  in {statements[v.Id!].ToJsonString()}")
            .ToList();
        Assert.True(refused.Count == 0,
            $"@learninglocker/xapi-validation {version} refused {refused.Count} of {verdicts.Count} statements ({EveryKind.Count} kinds):\n{string.Join('\n', refused)}");
    }

    [Fact]
    public async Task AStatementWithANullResultScoreOrSuccessIsRefusedSoTheCheckCanFail()
    {
        var attempt = new LearningEvent(Guid.NewGuid(), new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), LearningEventKinds.AssessmentAttempted,
            "u1", "u1", CourseId: "phishing", CourseVersion: 2, LessonId: "quiz", Details: """{"score":80,"passed":true,"passMark":70,"attempt":1}""");
        var written = JsonSerializer.Serialize(XapiStatement.From(attempt, new Uri("https://learn.example.com/")), Web);
        JsonNode Broken(Action<JsonObject> breakIt)
        {
            var statement = JsonNode.Parse(written)!.AsObject();
            breakIt(statement);
            return statement;
        }

        var verdicts = await XapiValidator.ValidateAsync(new JsonArray(
            JsonNode.Parse(written),
            Broken(s => s["result"] = null),
            Broken(s => s["result"]!["score"] = null),
            Broken(s => s["result"]!["success"] = null),
            Broken(s => s["context"]!["extensions"]!.AsObject()["not an IRI"] = 1)).ToJsonString());

        Assert.Empty(verdicts[0].Errors);
        Assert.Equal(
            ["statement.result", "statement.result.score", "statement.result.success", "statement.context.extensions"],
            verdicts.Skip(1).Select(v => string.Join(",", v.Errors.Select(e => e.GetProperty("path").GetString()))));
    }

    /// <summary>Every kind of learning event, each caused the way the portal causes it: a course with a quiz of one attempt
    /// in a package; a learner enrolled by an admin, moved to the package's version 2 (which archives version 1), failing,
    /// granted another attempt, passing; credit for another course; a scheduled publish cancelled; the learner's roles changed; the learner deactivated and reactivated.</summary>
    private async Task<(string UserId, string CourseId, string PackageId)> PlayEveryKindAsync()
    {
        var author = await SignedInAsync("author@demo.local");
        var approver = await SignedInAsync("approver@demo.local");
        var admin = await SignedInAsync("admin@demo.local");
        var courseId = $"xc-{Guid.NewGuid():N}"[..15];
        var packageId = "p" + courseId;
        var course = Course(courseId, "xAPI course");
        await SucceedsAsync(author.PostAsJsonAsync(Uri("/v1/courses"), course));
        await SucceedsAsync(approver.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/publish"), new { changeNotes = "first" }));
        var package = new { id = packageId, name = "xAPI package", requirement = new { set = "all", items = new[] { new { course = courseId, required = true } } } };
        await SucceedsAsync(author.PostAsJsonAsync(Uri("/v1/packages"), package));
        await SucceedsAsync(approver.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/publish"), new { changeNotes = "first" }));

        var email = $"xapi{Guid.NewGuid():N}"[..14] + "@example.com";
        using var created = await admin.PostAsJsonAsync(Uri("/v1/users"), new { email, firstName = "Ex", lastName = "Api", password = Password, roles = new[] { "Learner" } });
        created.EnsureSuccessStatusCode();
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!;
        await SucceedsAsync(admin.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/enrollments"), new { userIds = new[] { userId } }));

        await SucceedsAsync(author.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/versions"), new { }));
        await SucceedsAsync(author.PutAsJsonAsync(Uri($"/v1/packages/{packageId}/draft"), package with { name = "xAPI package, v2" }));
        await SucceedsAsync(approver.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/publish"), new { changeNotes = "v2" }));
        // The move finds its learners in the audit trail, which the enrollment reaches a moment later.
        await KindsOnceLandedAsync(admin, [$"userId={userId}"], [LearningEventKinds.Enrolled]);
        using var move = await admin.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/moves"), new { fromVersion = 1, statuses = new[] { "notStarted" } });
        Assert.Equal(HttpStatusCode.Accepted, move.StatusCode);
        await EventuallyAsync(async () => (await admin.GetFromJsonAsync<JsonElement>(move.Headers.Location!)).GetProperty("state").GetString() != "running");

        await SucceedsAsync(admin.PutAsJsonAsync(Uri($"/v1/packages/{packageId}/enrollments/{userId}/due-date"),
            new { dueDate = DateTimeOffset.UtcNow.AddDays(30).ToString("O", System.Globalization.CultureInfo.InvariantCulture) }));

        var learner = factory.CreateClient();
        await learner.SignInThroughApiAsync(email, Password);
        await SucceedsAsync(learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/start"), new { }));
        await SucceedsAsync(learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/progress/complete"), new { lessonId = "intro" }));
        await SucceedsAsync(learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/lessons/quiz/attempts"), Wrong));
        await SucceedsAsync(admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/courses/{courseId}/lessons/quiz/attempts/grants"), new { reason = "Lost connection mid-quiz" }));
        await SucceedsAsync(learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/lessons/quiz/attempts"), Right));

        var adminId = (await admin.GetFromJsonAsync<JsonElement>(Uri("/v1/me"))).GetProperty("userId").GetString()!;
        await factory.Services.GetRequiredService<LearnerRecordService>().GrantCreditAsync(userId, "gdpr-overview", "Certificate from a previous employer", adminId);

        await SucceedsAsync(author.PutAsJsonAsync(Uri($"/v1/courses/{courseId}"), Course(courseId, "xAPI course, second edition")));
        await SucceedsAsync(approver.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/publish"), new { changeNotes = "v2", effectiveDate = DateTimeOffset.UtcNow.AddDays(7) }));
        await SucceedsAsync(approver.DeleteAsync(Uri($"/v1/courses/{courseId}/schedule?reason=Legal%20review")));

        await SucceedsAsync(admin.PutAsJsonAsync(Uri($"/v1/users/{userId}/roles"), new { roles = new[] { "Learner", "Contributor" } }));
        // The learner leaves and comes back: deactivated, then reactivated (both by the admin).
        await SucceedsAsync(admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/deactivate"), new { }));
        await SucceedsAsync(admin.PostAsJsonAsync(Uri($"/v1/users/{userId}/reactivate"), new { }));

        // An integration's token: created, used (a first address), revoked.
        using var token = await admin.PostAsJsonAsync(Uri("/v1/tokens"), new { name = $"xAPI {courseId}", role = "Admin" });
        var issued = await token.Content.ReadFromJsonAsync<JsonElement>();
        var integration = factory.CreateClient();
        integration.DefaultRequestHeaders.Authorization = new("Bearer", issued.GetProperty("token").GetString());
        await SucceedsAsync(integration.GetAsync(Uri($"/v1/reports/packages/{packageId}")));
        await SucceedsAsync(admin.DeleteAsync(Uri($"/v1/tokens/{issued.GetProperty("id").GetString()}")));
        return (userId, courseId, packageId);
    }

    /// <summary>The kind of every event the filters match, by event id, once every one of <paramref name="expected"/>
    /// (every kind when not given) has landed: events leave a grain's outbox after it answers.</summary>
    private static async Task<Dictionary<string, string>> KindsOnceLandedAsync(HttpClient admin, IEnumerable<string> filters, IReadOnlyList<string>? expected = null)
    {
        var kinds = new Dictionary<string, string>();
        await EventuallyAsync(async () =>
        {
            foreach (var filter in filters)
            {
                var page = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/events?{filter}&limit=1000"));
                foreach (var e in page.GetProperty("events").EnumerateArray())
                {
                    kinds[e.GetProperty("eventId").GetString()!] = e.GetProperty("kind").GetString()!;
                }
            }

            return (expected ?? EveryKind).All(kinds.ContainsValue);
        });
        return kinds;
    }

    // A step of the story that is refused says why, rather than only its status.
    private static async Task SucceedsAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within 30 s");
            await Task.Delay(100);
        }
    }

    private static object Course(string id, string title) => new
    {
        id,
        title,
        modules = new[]
        {
            new
            {
                id = "m",
                title = "Module",
                lessons = new object[]
                {
                    new { id = "intro", title = "Intro", type = "content", required = true, markdown = "# Hello" },
                    new
                    {
                        id = "quiz", title = "Quiz", type = "assessment", required = true, passMark = 100, maxAttempts = 1,
                        questions = new[] { new { id = "q1", text = "Pick a", multiple = false, options = new[] { new { id = "a", text = "A", correct = true }, new { id = "b", text = "B", correct = false } } } },
                    },
                },
            },
        },
    };

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync(email);
        return client;
    }
}
