using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>
/// Completions are earned: each test is an attack on the record (an assessment marked complete, attempts beyond the
/// author's maximum or before the wait ends, a learner granting themselves another attempt) and asserts the refusal and
/// that the learner's progress, package enrollment and learning events are as they were. Each test has learners, a
/// course and a package of its own.
/// </summary>
[Collection(LocalModeCollection.Name)]
public sealed class CompletionIntegrityTests(LocalModeFactory factory)
{
    private const string Password = "integrity-password-1";

    private static readonly object Right = new { answers = new Dictionary<string, string[]> { ["q1"] = ["a"] } };
    private static readonly object Wrong = new { answers = new Dictionary<string, string[]> { ["q1"] = ["b"] } };

    [Fact]
    public async Task ALearnerPostingCompleteForAnAssessmentIsRefusedAndTheCourseAndPackageStayOpen()
    {
        var (courseId, packageId) = await CourseInPackageAsync(maxAttempts: null, wait: null);
        var (learner, userId) = await NewLearnerAsync();
        (await learner.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/enrollments"), new { })).EnsureSuccessStatusCode();
        (await learner.PostAsync(Uri($"/v1/courses/{courseId}/start"), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/progress/complete"), new { lessonId = "intro" })).EnsureSuccessStatusCode();
        var progressBefore = await learner.GetStringAsync(Uri($"/v1/courses/{courseId}/progress"));
        var enrollmentsBefore = await learner.GetStringAsync(Uri("/v1/me/enrollments"));

        using var forged = await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/progress/complete"), new { lessonId = "quiz" });

        await AssertProblemAsync(forged, HttpStatusCode.Conflict, "assessment_needs_attempt");
        Assert.Equal(progressBefore, await learner.GetStringAsync(Uri($"/v1/courses/{courseId}/progress")));
        Assert.Equal(enrollmentsBefore, await learner.GetStringAsync(Uri("/v1/me/enrollments")));
        // Events leave in order: once a later attempt is in the trail, anything the refused call wrote would be too.
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/lessons/quiz/attempts"), Wrong)).EnsureSuccessStatusCode();
        var events = await EventsAfterAsync(userId, "assessment_attempted");
        Assert.DoesNotContain(events, e => e.Kind == "lesson_completed" && e.LessonId == "quiz");
        Assert.DoesNotContain(events, e => e.Kind is "course_completed" or "package_completed");
    }

    [Fact]
    public async Task ThePlayerOffersNoMarkCompleteForAnAssessmentAndRefusesAForgedOne()
    {
        var (courseId, _) = await CourseInPackageAsync(maxAttempts: 3, wait: null);
        var (learner, _) = await NewLearnerAsync();
        (await learner.PostAsync(Uri($"/v1/courses/{courseId}/start"), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        var quiz = await learner.GetDocumentAsync($"/Learn/Player/{courseId}/quiz");
        var intro = await learner.GetDocumentAsync($"/Learn/Player/{courseId}/intro");
        var before = await learner.GetStringAsync(Uri($"/v1/courses/{courseId}/progress"));

        // The intro's own "mark complete" form, its lesson changed to the quiz, as a learner could send it.
        using var forged = await learner.SubmitAsync((IHtmlFormElement)intro.QuerySelector("form#complete")!,
            new Dictionary<string, string> { ["lessonId"] = "quiz", ["nextLessonId"] = "" });
        var page = await HtmlDocuments.ParseAsync(learner, forged);

        Assert.Null(quiz.QuerySelector("form#complete"));
        Assert.NotNull(quiz.QuerySelector("form#assessment"));
        Assert.Equal("Attempt 1 of 3", quiz.QuerySelector("#attempt-number")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Conflict, forged.StatusCode);
        Assert.Contains("passing attempt", page.QuerySelector("#refusal")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await learner.GetStringAsync(Uri($"/v1/courses/{courseId}/progress")));
    }

    [Fact]
    public async Task AnAttemptBeyondTheMaximumIsRefusedAndChangesNothing()
    {
        var (courseId, _) = await CourseInPackageAsync(maxAttempts: 2, wait: null);
        var (learner, userId) = await NewLearnerAsync();
        (await learner.PostAsync(Uri($"/v1/courses/{courseId}/start"), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/lessons/quiz/attempts"), Wrong)).EnsureSuccessStatusCode();
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/lessons/quiz/attempts"), Wrong)).EnsureSuccessStatusCode();
        var before = await learner.GetStringAsync(Uri($"/v1/courses/{courseId}/progress"));

        using var third = await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/lessons/quiz/attempts"), Right);
        var after = await learner.GetStringAsync(Uri($"/v1/courses/{courseId}/progress"));
        var page = await learner.GetDocumentAsync($"/Learn/Player/{courseId}/quiz");

        await AssertProblemAsync(third, HttpStatusCode.Conflict, "attempts_exhausted");
        Assert.Equal(before, after);
        var status = (await learner.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{courseId}/progress"))).GetProperty("assessments")[0];
        Assert.Equal((2, 2, 0), (status.GetProperty("attempts").GetInt32(), status.GetProperty("attemptsAllowed").GetInt32(), status.GetProperty("attemptsLeft").GetInt32()));
        Assert.Contains("used all 2 attempts", page.QuerySelector("#attempt-closed")!.TextContent, StringComparison.Ordinal);
        Assert.True(((IHtmlButtonElement)page.QuerySelector("form#assessment button")!).IsDisabled);
        Assert.Equal(2, (await EventsAfterAsync(userId, "assessment_attempted", count: 2)).Count(e => e.Kind == "assessment_attempted"));
    }

    [Fact]
    public async Task AnAttemptBeforeTheWaitEndsIsRefusedSayingWhenTheNextOneOpens()
    {
        var (courseId, _) = await CourseInPackageAsync(maxAttempts: null, wait: 60);
        var (learner, _) = await NewLearnerAsync();
        (await learner.PostAsync(Uri($"/v1/courses/{courseId}/start"), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        var first = await (await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/lessons/quiz/attempts"), Wrong)).Content.ReadFromJsonAsync<JsonElement>();
        var opens = first.GetProperty("progress").GetProperty("assessments")[0].GetProperty("lastAttemptAt").GetDateTimeOffset().AddMinutes(60);
        var before = await learner.GetStringAsync(Uri($"/v1/courses/{courseId}/progress"));

        using var again = await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/lessons/quiz/attempts"), Right);
        var after = await learner.GetStringAsync(Uri($"/v1/courses/{courseId}/progress"));
        var page = await learner.GetDocumentAsync($"/Learn/Player/{courseId}/quiz");

        var problem = await AssertProblemAsync(again, HttpStatusCode.Conflict, "attempt_too_soon");
        Assert.Equal(opens, problem.GetProperty("retryAt").GetDateTimeOffset());
        Assert.Contains(opens.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.Contains("next attempt opens at", page.QuerySelector("#attempt-closed")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdminGrantsOneMoreAttemptThroughTheApiAndTheGrantIsAudited()
    {
        var (courseId, packageId) = await CourseInPackageAsync(maxAttempts: 1, wait: null);
        var (learner, userId) = await NewLearnerAsync();
        (await learner.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/enrollments"), new { })).EnsureSuccessStatusCode();
        (await learner.PostAsync(Uri($"/v1/courses/{courseId}/start"), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/progress/complete"), new { lessonId = "intro" })).EnsureSuccessStatusCode();
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/lessons/quiz/attempts"), Wrong)).EnsureSuccessStatusCode();
        var admin = await SignedInAsync("admin@demo.local");
        var grants = Uri($"/v1/users/{userId}/courses/{courseId}/lessons/quiz/attempts/grants");

        using var noReason = await admin.PostAsJsonAsync(grants, new { reason = " " });
        using var granted = await admin.PostAsJsonAsync(grants, new { reason = "Network failure during the attempt" });
        using var passed = await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/lessons/quiz/attempts"), Right);

        await AssertProblemAsync(noReason, HttpStatusCode.BadRequest, "required");
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(2, (await granted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assessments")[0].GetProperty("attemptsAllowed").GetInt32());
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Equal(100, (await passed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("progress").GetProperty("percent").GetInt32());
        var adminId = (await admin.GetFromJsonAsync<JsonElement>(Uri("/v1/me"))).GetProperty("userId").GetString();
        var grant = Assert.Single(await EventsAfterAsync(userId, "attempt_granted"), e => e.Kind == "attempt_granted");
        Assert.Equal((adminId, "quiz", courseId), (grant.ActorId, grant.LessonId, grant.CourseId));
        Assert.Contains("Network failure", grant.Details, StringComparison.Ordinal);
        await EventsAfterAsync(userId, "package_completed");
    }

    [Fact]
    public async Task ALearnerCannotGrantThemselvesAnotherAttempt()
    {
        var (courseId, _) = await CourseInPackageAsync(maxAttempts: 1, wait: null);
        var (learner, userId) = await NewLearnerAsync();
        (await learner.PostAsync(Uri($"/v1/courses/{courseId}/start"), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/lessons/quiz/attempts"), Wrong)).EnsureSuccessStatusCode();
        var before = await learner.GetStringAsync(Uri($"/v1/courses/{courseId}/progress"));

        using var api = await learner.PostAsJsonAsync(Uri($"/v1/users/{userId}/courses/{courseId}/lessons/quiz/attempts/grants"), new { reason = "I deserve it" });
        using var page = await learner.GetAsync(Uri($"/Admin/Attempts?Email={userId}&CourseId={courseId}"));
        using var retry = await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/lessons/quiz/attempts"), Right);

        await AssertProblemAsync(api, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("/Account/Denied", page.RequestMessage!.RequestUri!.AbsolutePath);
        await AssertProblemAsync(retry, HttpStatusCode.Conflict, "attempts_exhausted");
        Assert.Equal(before, await learner.GetStringAsync(Uri($"/v1/courses/{courseId}/progress")));
        Assert.DoesNotContain(await EventsAfterAsync(userId, "assessment_attempted"), e => e.Kind == "attempt_granted");
    }

    [Fact]
    public async Task AnAdminGrantsAnAttemptFromTheAttemptsPage()
    {
        var (courseId, _) = await CourseInPackageAsync(maxAttempts: 1, wait: null);
        var (learner, userId) = await NewLearnerAsync();
        (await learner.PostAsync(Uri($"/v1/courses/{courseId}/start"), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/lessons/quiz/attempts"), Wrong)).EnsureSuccessStatusCode();
        var admin = factory.CreateClient();
        await admin.SignInAsync("admin@demo.local");

        var page = await admin.GetDocumentAsync($"/Admin/Attempts?Email={userId}&CourseId={courseId}");
        var withoutReason = await admin.SubmitAsync((IHtmlFormElement)page.QuerySelector("form.grant[data-lesson-id=quiz]")!, new Dictionary<string, string> { ["Reason"] = "" });
        var refusedPage = await HtmlDocuments.ParseAsync(admin, withoutReason);
        var done = await admin.PostFormAsync(page, "form.grant[data-lesson-id=quiz]", new() { ["Reason"] = "Fire alarm during the attempt" });

        Assert.Equal("1 of 1", page.QuerySelector("tr[data-lesson-id=quiz] .attempts")!.TextContent.Trim());
        Assert.Contains("reason", HtmlDocuments.Problems(refusedPage), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("may now make 2 attempts", done.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1 of 2", done.QuerySelector("tr[data-lesson-id=quiz] .attempts")!.TextContent.Trim());
        var status = (await learner.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{courseId}/progress"))).GetProperty("assessments")[0];
        Assert.Equal(1, status.GetProperty("attemptsLeft").GetInt32());
        Assert.Single(await EventsAfterAsync(userId, "attempt_granted"), e => e.Kind == "attempt_granted");
    }

    [Fact]
    public async Task ProgressGivesEachCompletedLessonsTimeAndOpeningALessonMovesTheLastAccess()
    {
        var (courseId, _) = await CourseInPackageAsync(maxAttempts: null, wait: null);
        var (learner, _) = await NewLearnerAsync();
        var started = await (await learner.PostAsync(Uri($"/v1/courses/{courseId}/start"), JsonContent.Create(new { }))).Content.ReadFromJsonAsync<JsonElement>();
        var before = DateTimeOffset.UtcNow;

        await learner.GetDocumentAsync($"/Learn/Player/{courseId}/quiz");
        var opened = await learner.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{courseId}/progress"));
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/progress/complete"), new { lessonId = "intro" })).EnsureSuccessStatusCode();
        var completed = await learner.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{courseId}/progress"));
        var player = await learner.GetDocumentAsync($"/Learn/Player/{courseId}/intro");

        Assert.Equal("quiz", opened.GetProperty("currentLessonId").GetString());
        Assert.True(opened.GetProperty("lastAccessedAt").GetDateTimeOffset() >= before, "opening a lesson moves the last access");
        Assert.True(opened.GetProperty("lastAccessedAt").GetDateTimeOffset() > started.GetProperty("lastAccessedAt").GetDateTimeOffset());
        Assert.Equal(["intro"], completed.GetProperty("completedLessons").EnumerateArray().Select(l => l.GetString()));
        var at = completed.GetProperty("completedLessonTimes").GetProperty("intro").GetDateTimeOffset();
        Assert.InRange(at, before, DateTimeOffset.UtcNow);
        var shown = player.QuerySelector("time[data-done-at-for=intro]")!;
        Assert.Equal(at, DateTimeOffset.Parse(shown.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(player.QuerySelector("time[data-done-at-for=quiz]"));
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    private async Task<HttpClient> SignedInAsync(string email, string? password = null)
    {
        var client = factory.CreateClient();
        if (password is null)
        {
            await client.SignInThroughApiAsync(email);
        }
        else
        {
            await client.SignInThroughApiAsync(email, password);
        }

        return client;
    }

    private async Task<(HttpClient Client, string UserId)> NewLearnerAsync()
    {
        var admin = await SignedInAsync("admin@demo.local");
        var email = $"int{Guid.NewGuid():N}"[..12] + "@example.com";
        using var response = await admin.PostAsJsonAsync(Uri("/v1/users"), new { email, firstName = "Inte", lastName = "Grity", password = Password, roles = new[] { "Learner" } });
        response.EnsureSuccessStatusCode();
        var userId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!;
        return (await SignedInAsync(email, Password), userId);
    }

    /// <summary>A published course (a content lesson and a one-question quiz with the given policy) and a published
    /// package of just that course.</summary>
    private async Task<(string CourseId, string PackageId)> CourseInPackageAsync(int? maxAttempts, int? wait)
    {
        var courseId = $"ci-{Guid.NewGuid():N}"[..15];
        var author = await SignedInAsync("author@demo.local");
        var approver = await SignedInAsync("approver@demo.local");
        var quiz = new Dictionary<string, object?>
        {
            ["id"] = "quiz", ["title"] = "Quiz", ["type"] = "assessment", ["required"] = true, ["passMark"] = 100,
            ["maxAttempts"] = maxAttempts, ["minutesBetweenAttempts"] = wait,
            ["questions"] = new[] { new { id = "q1", text = "Pick a", multiple = false, options = new[] { new { id = "a", text = "A", correct = true }, new { id = "b", text = "B", correct = false } } } },
        };
        var course = new
        {
            id = courseId,
            title = "Integrity course",
            modules = new[] { new { id = "m", title = "Module", lessons = new object[] { new { id = "intro", title = "Intro", type = "content", required = true, markdown = "# Hello" }, quiz } } },
        };
        (await author.PostAsJsonAsync(Uri("/v1/courses"), course)).EnsureSuccessStatusCode();
        (await approver.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/publish"), new { changeNotes = "first" })).EnsureSuccessStatusCode();
        var packageId = "p" + courseId;
        (await author.PostAsJsonAsync(Uri("/v1/packages"), new { id = packageId, name = "Integrity package", requirement = new { set = "all", items = new[] { new { course = courseId, required = true } } } }))
            .EnsureSuccessStatusCode();
        (await approver.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/publish"), new { changeNotes = "first" })).EnsureSuccessStatusCode();
        return (courseId, packageId);
    }

    private sealed record EventRow(string Kind, string? ActorId, string? UserId, string? CourseId, string? LessonId, string Details);

    /// <summary>The user's learning events once at least <paramref name="count"/> of <paramref name="kind"/> have landed
    /// (they leave the grain after it answers).</summary>
    private async Task<IReadOnlyList<EventRow>> EventsAfterAsync(string userId, string kind, int count = 1)
    {
        var admin = await SignedInAsync("admin@demo.local");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var page = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/events?userId={userId}&limit=500"));
            var events = page.GetProperty("events").EnumerateArray().Select(e => new EventRow(e.GetProperty("kind").GetString()!,
                e.GetProperty("actorId").GetString(), e.GetProperty("userId").GetString(),
                e.TryGetProperty("courseId", out var c) ? c.GetString() : null, e.TryGetProperty("lessonId", out var l) ? l.GetString() : null,
                e.GetProperty("details").GetString() ?? "")).ToList();
            if (events.Count(e => e.Kind == kind) >= count)
            {
                return events;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {kind} event for {userId} within 20 s");
            await Task.Delay(100);
        }
    }
}
