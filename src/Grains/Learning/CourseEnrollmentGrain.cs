using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Grains.Learning;

/// <summary>
/// One learner in one course. Completing a lesson is one state write and the answer; the learning events
/// and the news of a course completion leave afterwards on a timer, so the learner never waits for them.
/// </summary>
public sealed class CourseEnrollmentGrain(
    [PersistentState(StorageNames.CourseEnrollmentState, StorageNames.Grains)] IPersistentState<CourseEnrollmentState> state,
    ILearningEventSink sink,
    TimeProvider clock,
    ILogger<CourseEnrollmentGrain> logger) : Grain, ICourseEnrollmentGrain
{
    /// <summary>Reopening the current lesson within this time writes nothing (see <see cref="OpenLessonAsync"/>).</summary>
    public static readonly TimeSpan ReopenWithoutWrite = TimeSpan.FromMinutes(1);

    private OutboxState<CourseEnrollmentState>? _writes;

    private (string UserId, string CourseId) Key => GrainKeys.SplitPair(this.GetPrimaryKeyString(), GrainKeys.CourseEnrollmentPrefix);

    private CourseEnrollmentState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.StartedAt is not null)
        {
            S.Lessons = PinnedLessons.Intern(Key.CourseId, S.Version, S.Lessons);
        }

        _writes = OutboxState.Start(this, state, s => s.Outbox, sink, logger,
            pendingNotices: () => S.CompletionToReport is null ? 0 : 1, sendNotices: ReportCompletionAsync);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writes?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task<CourseProgress> StartAsync(string? packageId = null)
    {
        var (userId, courseId) = Key;
        var user = GrainFactory.GetGrain<IUserGrain>(GrainKeys.User(userId));
        if (S.StartedAt is not null)
        {
            // Telling the user again repairs a start whose notice was lost; the user writes nothing if it knows.
            await user.RecordCourseStartAsync(courseId);
            return Progress();
        }

        var version = await CourseStartChecks.StartableVersionAsync(GrainFactory, user, userId, courseId, packageId);
        var now = clock.GetUtcNow();
        S.Version = version.Number;
        S.Lessons = PinnedLessons.Intern(courseId, version.Number,
            [.. version.Content.Modules.SelectMany(m => m.Lessons.Select(l => new PinnedLesson(l.Id, m.Id, l.Required, l.Assessment)))]);
        S.StartedAt = now;
        S.LastAccessedAt = now;
        S.CurrentLessonId = S.Lessons.FirstOrDefault()?.Id;
        Record(LearningEventKinds.CourseStarted, now);
        await WriteAsync();
        await user.RecordCourseStartAsync(courseId);
        return Progress();
    }

    public async Task<CourseProgress> CompleteLessonAsync(string lessonId)
    {
        var lesson = RequireLesson(lessonId);
        if (lesson.Assessment is not null)
        {
            // Marking an assessment complete would let anyone skip it, and with it the course, the package and the certification.
            throw DomainException.Conflict(ErrorCodes.AssessmentNeedsAttempt,
                $"'{lesson.Id}' is an assessment: it is completed by a passing attempt, not by marking it complete.");
        }

        if (S.CompletedLessons.Contains(lesson.Id))
        {
            return Progress();
        }

        Complete(lesson, clock.GetUtcNow());
        await WriteAsync();
        return Progress();
    }

    public async Task<AttemptResult> SubmitAttemptAsync(string lessonId, ImmutableDictionary<string, ImmutableArray<string>> answers)
    {
        var lesson = RequireLesson(lessonId);
        var assessment = RequireAssessment(lesson);
        var now = clock.GetUtcNow();
        var made = AttemptHistory.Made(S, lesson.Id);
        if (AttemptPolicy.Refusal(lesson.Id, assessment, made, AttemptHistory.Granted(S, lesson.Id), AttemptHistory.LastAt(S, lesson.Id), now) is { } refusal)
        {
            throw refusal;
        }

        var score = AssessmentScoring.Score(assessment, answers ?? ImmutableDictionary<string, ImmutableArray<string>>.Empty);
        var passed = score >= assessment.PassMark;
        AttemptHistory.Add(S, new AssessmentAttempt(lesson.Id, now, score, passed));
        Record(LearningEventKinds.AssessmentAttempted, now, lesson.Id, Outbox.Details(new { score, passed, passMark = assessment.PassMark, attempt = made + 1 }));
        if (passed && !S.CompletedLessons.Contains(lesson.Id))
        {
            Complete(lesson, now);
        }

        S.LastAccessedAt = now;
        await WriteAsync();
        return new AttemptResult(score, passed, Progress());
    }

    public async Task<CourseProgress> OpenLessonAsync(string? lessonId)
    {
        var lesson = RequireLesson(lessonId ?? S.CurrentLessonId ?? "");
        var now = clock.GetUtcNow();
        // Opening a lesson is a page view, the most frequent request there is: a reload, the redirect after marking a
        // lesson complete, or coming back to the same lesson within a minute writes nothing, so "last accessed" is at most
        // a minute behind while the learner stays on one lesson, and a state write is spent only when something moved.
        if (lesson.Id == S.CurrentLessonId && now - S.LastAccessedAt < ReopenWithoutWrite)
        {
            return Progress();
        }

        S.CurrentLessonId = lesson.Id;
        S.LastAccessedAt = now;
        await WriteAsync();
        return Progress();
    }

    public async Task<CourseProgress> GrantAttemptAsync(string lessonId, string actorId, string? reason)
    {
        var lesson = RequireLesson(lessonId);
        var assessment = RequireAssessment(lesson);
        if (assessment.MaxAttempts is null)
        {
            throw DomainException.Conflict(ErrorCodes.NoAttemptLimit, $"'{lesson.Id}' has no maximum of attempts; there is nothing to grant.");
        }

        var granted = AttemptHistory.Granted(S, lesson.Id) + 1;
        S.GrantedAttempts[lesson.Id] = granted;
        Record(LearningEventKinds.AttemptGranted, clock.GetUtcNow(), lesson.Id,
            Outbox.Details(new { granted, allowed = AttemptPolicy.Allowed(assessment, granted), reason }), actorId);
        await WriteAsync();
        return Progress();
    }

    public Task<CourseProgress> GetProgressAsync() => Task.FromResult(Progress());

    private void Complete(PinnedLesson lesson, DateTimeOffset now)
    {
        S.CompletedLessons.Add(lesson.Id);
        S.CompletedLessonTimes[lesson.Id] = now;
        S.LastAccessedAt = now;
        S.CurrentLessonId = S.Lessons.FirstOrDefault(l => !S.CompletedLessons.Contains(l.Id))?.Id ?? lesson.Id;
        Record(LearningEventKinds.LessonCompleted, now, lesson.Id);
        if (S.CompletedAt is null && S.Lessons.Where(l => l.Required).All(l => S.CompletedLessons.Contains(l.Id)))
        {
            S.CompletedAt = now;
            S.CompletionToReport = new CourseCompletion(Key.CourseId, S.Version, now);
            Record(LearningEventKinds.CourseCompleted, now);
        }
    }

    private PinnedLesson RequireLesson(string lessonId) => CourseEnrollmentReads.RequireLesson(S, Key.CourseId, lessonId);

    private static Assessment RequireAssessment(PinnedLesson lesson) => CourseEnrollmentReads.RequireAssessment(lesson);

    private void Record(string kind, DateTimeOffset at, string? lessonId = null, string details = "{}", string? actorId = null) =>
        S.Outbox.Add(new LearningEvent(Guid.NewGuid(), at, kind, actorId ?? Key.UserId, Key.UserId, CourseId: Key.CourseId, CourseVersion: S.Version, LessonId: lessonId, Details: details));

    private CourseProgress Progress() => CourseEnrollmentReads.Progress(S, Key.CourseId, clock.GetUtcNow());

    private Task WriteAsync() => _writes!.WriteAsync();

    // The news of a course completion, sent once the change that completed it has landed.
    private async Task<bool> ReportCompletionAsync(CancellationToken cancellationToken)
    {
        if (S.CompletionToReport is { } completion)
        {
            try
            {
                await GrainFactory.GetGrain<IUserGrain>(GrainKeys.User(Key.UserId)).RecordCourseCompletionAsync(completion);
                S.CompletionToReport = null;
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                return false;
            }
        }

        return true;
    }
}
