using System.Collections.Immutable;
using CoursePortal.Domain.Tests.Courses;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Tests.Learning;

/// <summary>Assessments are completed only by passing an attempt, under the author's attempts policy; lesson completion
/// times and the last access are kept. The grains read a scripted clock, so waits are played out without sleeping.</summary>
[Collection(ScriptedClockCollection.Name)]
public sealed class AssessmentAttemptTests(ScriptedClockClusterFixture fixture)
{
    private static readonly ImmutableDictionary<string, ImmutableArray<string>> Right = Answers(("q1", ["a"]), ("q2", ["a", "b"]));
    private static readonly ImmutableDictionary<string, ImmutableArray<string>> Wrong = Answers(("q1", ["b"]), ("q2", ["a", "b"]));

    private readonly LearnerSetup _setup = new(fixture.Client);

    [Fact]
    public async Task MarkingAnAssessmentCompleteIsRefusedAndChangesNothing()
    {
        var (progress, userId) = await StartedAsync(maxAttempts: null, wait: null);
        await progress.CompleteLessonAsync("intro");
        var before = await progress.GetProgressAsync();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => progress.CompleteLessonAsync("quiz"));
        // A later change's events land after any the refused call could have written.
        await progress.SubmitAttemptAsync("quiz", Wrong);
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(Events(userId).Any(e => e.Kind == LearningEventKinds.AssessmentAttempted)), "the attempt is audited");
        var after = await progress.GetProgressAsync();

        Assert.Equal((DomainErrorKind.Conflict, ErrorCodes.AssessmentNeedsAttempt), (refusal.Kind, refusal.Code));
        Assert.Equal(["intro"], after.CompletedLessons.AsEnumerable());
        Assert.Equal((before.Percent, before.CompletedAt), (after.Percent, after.CompletedAt));
        Assert.DoesNotContain(Events(userId), e => e.LessonId == "quiz" && e.Kind == LearningEventKinds.LessonCompleted);
        Assert.DoesNotContain(Events(userId), e => e.Kind == LearningEventKinds.CourseCompleted);
    }

    [Fact]
    public async Task OnlyAPassingAttemptCompletesTheAssessmentAndWithItTheCourse()
    {
        var (progress, _) = await StartedAsync(maxAttempts: null, wait: null);
        await progress.CompleteLessonAsync("intro");

        var passed = await progress.SubmitAttemptAsync("quiz", Right);

        Assert.True(passed.Passed);
        Assert.Equal(100, passed.Progress.Percent);
        Assert.Equal(fixture.Clock.Now, passed.Progress.CompletedLessonTimes["quiz"]);
        Assert.Equal(fixture.Clock.Now, passed.Progress.CompletedAt);
    }

    [Fact]
    public async Task AttemptsBeyondTheMaximumAreRefusedUntilAnAdminGrantsOneAndTheGrantIsAudited()
    {
        var (progress, userId) = await StartedAsync(maxAttempts: 2, wait: null);
        await progress.SubmitAttemptAsync("quiz", Wrong);
        var second = await progress.SubmitAttemptAsync("quiz", Wrong);

        var exhausted = await Assert.ThrowsAsync<DomainException>(() => progress.SubmitAttemptAsync("quiz", Right));
        var unchanged = await progress.GetProgressAsync();
        var granted = await progress.GrantAttemptAsync("quiz", "admin-1", "Was ill during the second attempt");
        var third = await progress.SubmitAttemptAsync("quiz", Right);
        var exhaustedAgain = await Assert.ThrowsAsync<DomainException>(() => progress.SubmitAttemptAsync("quiz", Right));

        Assert.Equal(new AssessmentStatus("quiz", 2, 2, 50, false, second.Progress.Assessments[0].LastAttemptAt, null), second.Progress.Assessments.Single());
        Assert.Equal((DomainErrorKind.Conflict, ErrorCodes.AttemptsExhausted, (DateTimeOffset?)null), (exhausted.Kind, exhausted.Code, exhausted.RetryAt));
        Assert.Equal(second.Progress.Assessments.AsEnumerable(), unchanged.Assessments.AsEnumerable());
        Assert.DoesNotContain("quiz", unchanged.CompletedLessons);
        Assert.Equal((2, 3, 1), (granted.Assessments[0].Attempts, granted.Assessments[0].AttemptsAllowed, granted.Assessments[0].AttemptsLeft));
        Assert.True(third.Passed);
        Assert.Contains("quiz", third.Progress.CompletedLessons);
        Assert.Equal(ErrorCodes.AttemptsExhausted, exhaustedAgain.Code);
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(Events(userId).Count(e => e.Kind == LearningEventKinds.AssessmentAttempted) == 3), "every attempt is audited");
        var grant = Assert.Single(Events(userId), e => e.Kind == LearningEventKinds.AttemptGranted);
        Assert.Equal(("admin-1", userId, "quiz"), (grant.ActorId, grant.UserId, grant.LessonId));
        Assert.Contains("Was ill", grant.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrantingIsRefusedForAnAssessmentWithoutAMaximumAndForOtherLessons()
    {
        var (progress, userId) = await StartedAsync(maxAttempts: null, wait: null);

        var noLimit = await Assert.ThrowsAsync<DomainException>(() => progress.GrantAttemptAsync("quiz", "admin-1", "why"));
        var notQuiz = await Assert.ThrowsAsync<DomainException>(() => progress.GrantAttemptAsync("intro", "admin-1", "why"));
        var notStarted = await Assert.ThrowsAsync<DomainException>(() => _setup.Progress(userId, "never-started").GrantAttemptAsync("quiz", "admin-1", "why"));

        Assert.Equal((DomainErrorKind.Conflict, ErrorCodes.NoAttemptLimit), (noLimit.Kind, noLimit.Code));
        Assert.Equal("not_an_assessment", notQuiz.Code);
        Assert.Equal("not_started", notStarted.Code);
        Assert.Null((await progress.GetProgressAsync()).Assessments[0].AttemptsAllowed);
    }

    [Fact]
    public async Task AnAttemptBeforeTheWaitEndsIsRefusedSayingWhenTheNextOneOpens()
    {
        var (progress, _) = await StartedAsync(maxAttempts: 3, wait: 60);
        var first = await progress.SubmitAttemptAsync("quiz", Wrong);
        var opens = first.Progress.Assessments[0].LastAttemptAt!.Value.AddMinutes(60);

        fixture.Clock.Advance(TimeSpan.FromMinutes(59));
        var tooSoon = await Assert.ThrowsAsync<DomainException>(() => progress.SubmitAttemptAsync("quiz", Right));
        var waiting = await progress.GetProgressAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await progress.SubmitAttemptAsync("quiz", Right);

        Assert.Equal(opens, first.Progress.Assessments[0].NextAttemptAt);
        Assert.Equal((DomainErrorKind.Conflict, ErrorCodes.AttemptTooSoon, opens), (tooSoon.Kind, tooSoon.Code, tooSoon.RetryAt));
        Assert.Contains(opens.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), tooSoon.Message, StringComparison.Ordinal);
        Assert.Equal((1, opens), (waiting.Assessments[0].Attempts, waiting.Assessments[0].NextAttemptAt));
        Assert.True(second.Passed);
        Assert.Equal((2, 100, true), (second.Progress.Assessments[0].Attempts, second.Progress.Assessments[0].BestScore, second.Progress.Assessments[0].Passed));
    }

    [Fact]
    public async Task StateKeepsTheBestAndTheLastTenAttemptsWhileTheMaximumCountsThemAll()
    {
        var (progress, userId) = await StartedAsync(maxAttempts: 14, wait: null);
        await progress.SubmitAttemptAsync("quiz", Answers(("q1", ["a"])));
        for (var i = 1; i < 14; i++)
        {
            await progress.SubmitAttemptAsync("quiz", Answers());
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => progress.SubmitAttemptAsync("quiz", Right));
        var status = (await progress.GetProgressAsync()).Assessments.Single();

        Assert.Equal(ErrorCodes.AttemptsExhausted, refused.Code);
        Assert.Equal((14, 14, 50, false), (status.Attempts, status.AttemptsAllowed, status.BestScore, status.Passed));
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(Events(userId).Count(e => e.Kind == LearningEventKinds.AssessmentAttempted) == 14),
            "every attempt stays in the learning events");
    }

    [Fact]
    public async Task EachCompletedLessonKeepsItsTime()
    {
        var (progress, _) = await StartedAsync(maxAttempts: null, wait: null);
        var at = fixture.Clock.Now;

        var first = await progress.CompleteLessonAsync("intro");
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await progress.CompleteLessonAsync("intro");

        Assert.Equal(at, first.CompletedLessonTimes["intro"]);
        Assert.Equal(at, again.CompletedLessonTimes["intro"]);
        Assert.Single(again.CompletedLessonTimes);
    }

    [Fact]
    public async Task OpeningALessonMakesItCurrentAndMovesTheLastAccessButReopeningWithinAMinuteWritesNothing()
    {
        var (progress, _) = await StartedAsync(maxAttempts: null, wait: null);
        var started = await progress.GetProgressAsync();

        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        var opened = await progress.OpenLessonAsync("quiz");
        var openedAt = fixture.Clock.Now;
        fixture.Clock.Advance(TimeSpan.FromSeconds(59));
        var reopened = await progress.OpenLessonAsync("quiz");
        var current = await progress.OpenLessonAsync(null);
        var other = await progress.OpenLessonAsync("intro");
        var otherAt = fixture.Clock.Now;
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var later = await progress.OpenLessonAsync("intro");
        var missing = await Assert.ThrowsAsync<DomainException>(() => progress.OpenLessonAsync("no-such-lesson"));

        Assert.Equal(("intro", started.StartedAt), (started.CurrentLessonId, started.LastAccessedAt));
        Assert.Equal(("quiz", "practice", openedAt), (opened.CurrentLessonId, opened.CurrentModuleId, opened.LastAccessedAt));
        Assert.Equal(("quiz", openedAt), (reopened.CurrentLessonId, reopened.LastAccessedAt));
        Assert.Equal(("quiz", openedAt), (current.CurrentLessonId, current.LastAccessedAt));
        Assert.Equal(("intro", otherAt), (other.CurrentLessonId, other.LastAccessedAt));
        Assert.Equal(fixture.Clock.Now, later.LastAccessedAt);
        Assert.Equal((DomainErrorKind.NotFound, "lesson_not_in_version"), (missing.Kind, missing.Code));
    }

    private IEnumerable<LearningEvent> Events(string userId) => fixture.Events.Events.Where(e => e.UserId == userId);

    private async Task<(ICourseEnrollmentGrain Progress, string UserId)> StartedAsync(int? maxAttempts, int? wait)
    {
        var courseId = LearnerSetup.Unique("quiz");
        var quiz = SampleCourses.AssessmentLesson();
        var course = fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
        await course.CreateAsync(SampleCourses.Valid() with
        {
            Modules =
            [
                new Module("basics", "Basics", null, [SampleCourses.ContentLesson()]),
                new Module("practice", "Practice", null, [quiz with { Assessment = quiz.Assessment! with { MaxAttempts = maxAttempts, MinutesBetweenAttempts = wait } }]),
            ],
        }, "author");
        await course.PublishAsync(new PublishRequest(null), "author");
        var userId = await _setup.UserAsync();
        var progress = _setup.Progress(userId, courseId);
        await progress.StartAsync();
        return (progress, userId);
    }

    private static ImmutableDictionary<string, ImmutableArray<string>> Answers(params (string Question, string[] Options)[] answers) =>
        answers.ToImmutableDictionary(a => a.Question, a => a.Options.ToImmutableArray());
}
