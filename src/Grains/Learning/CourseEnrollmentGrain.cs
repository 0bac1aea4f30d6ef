using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoursePortal.Grains.Learning;

/// <summary>
/// One learner in one course. Completing a lesson is one state write, which on PostgreSQL also stores its learning
/// events, and the answer; the news of a course completion leaves afterwards on a timer, so the learner never waits
/// for the user's package enrollments.
/// </summary>
public sealed class CourseEnrollmentGrain(
    [PersistentState(StorageNames.CourseEnrollmentState, StorageNames.Grains)] IPersistentState<CourseEnrollmentState> state,
    ILearningEventSink sink,
    TimeProvider clock,
    IOptions<EnrollmentRowOptions> rows,
    ILogger<CourseEnrollmentGrain> logger) : Grain, ICourseEnrollmentGrain
{
    /// <summary>Reopening the current lesson within this time writes nothing (see <see cref="OpenLessonAsync"/>).</summary>
    public static readonly TimeSpan ReopenWithoutWrite = TimeSpan.FromMinutes(1);

    private OutboxState<CourseEnrollmentState>? _writes;

    private (string UserId, string CourseId) Key => GrainKeys.SplitPair(this.GetPrimaryKeyString(), GrainKeys.CourseEnrollmentPrefix);

    private CourseEnrollmentState Enrollment => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Enrollment.StartedAt is not null)
        {
            // A course grain that cannot answer fails this activation: the learner's call fails, the next one asks again,
            // and nothing is ever served without the lessons. The next write leaves the lessons of an old row out.
            Enrollment.Lessons = await PinnedLessons.OfStartedAsync(GrainFactory, Key.CourseId, Enrollment).WaitAsync(cancellationToken);
        }

        _writes = OutboxState.Start(this, state, s => s.Outbox, sink, logger,
            pendingNotices: () => Enrollment.CompletionToReport is null ? 0 : 1, sendNotices: _ => CompletionReport.SendAsync(GrainFactory, Key.UserId, Enrollment));
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writes?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task<CourseProgress> StartAsync(string? packageId = null)
    {
        var (userId, courseId) = Key;
        var user = GrainFactory.GetGrain<IUserGrain>(GrainKeys.User(userId));
        if (Enrollment.StartedAt is not null)
        {
            // Telling the user again repairs a start whose notice was lost; the user writes nothing if it knows.
            await user.RecordCourseStartAsync(courseId);
            return Progress();
        }

        var now = clock.GetUtcNow();
        var version = await CourseStartChecks.StartableVersionAsync(GrainFactory, user, userId, courseId, packageId, now);
        CourseEnrollmentChanges.Start(Enrollment, courseId, version, now);
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

        if (Enrollment.CompletedLessons.Contains(lesson.Id))
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
        var now = clock.GetUtcNow();
        var ((_, _, score, passed), number) = CourseEnrollmentChanges.Attempt(Enrollment, lesson, answers, now);
        Record(LearningEventKinds.AssessmentAttempted, now, lesson.Id, Outbox.Details(new { score, passed, passMark = lesson.Assessment!.PassMark, attempt = number }));
        if (passed && !Enrollment.CompletedLessons.Contains(lesson.Id))
        {
            Complete(lesson, now);
        }

        Enrollment.LastAccessedAt = now;
        await WriteAsync();
        return new AttemptResult(score, passed, Progress());
    }

    public async Task<CourseProgress> OpenLessonAsync(string? lessonId)
    {
        var lesson = RequireLesson(lessonId ?? Enrollment.CurrentLessonId ?? "");
        var now = clock.GetUtcNow();
        // Opening a lesson is a page view, the most frequent request there is: a reload, the redirect after marking a
        // lesson complete, or coming back to the same lesson within a minute writes nothing, so "last accessed" is at most
        // a minute behind while the learner stays on one lesson, and a state write is spent only when something moved.
        if (lesson.Id == Enrollment.CurrentLessonId && now - Enrollment.LastAccessedAt < ReopenWithoutWrite)
        {
            return Progress();
        }

        Enrollment.CurrentLessonId = lesson.Id;
        Enrollment.LastAccessedAt = now;
        await WriteAsync();
        return Progress();
    }

    public async Task<CourseProgress> GrantAttemptAsync(string lessonId, string actorId, string? reason)
    {
        var lesson = RequireLesson(lessonId);
        var granted = CourseEnrollmentChanges.GrantAttempt(Enrollment, lesson);
        Record(LearningEventKinds.AttemptGranted, clock.GetUtcNow(), lesson.Id,
            Outbox.Details(new { granted, allowed = AttemptPolicy.Allowed(lesson.Assessment!, granted), reason }), actorId);
        await WriteAsync();
        return Progress();
    }

    public Task<CourseProgress> GetProgressAsync() => Task.FromResult(Progress());

    private void Complete(PinnedLesson lesson, DateTimeOffset now)
    {
        var courseCompleted = CourseEnrollmentChanges.CompleteLesson(Enrollment, Key.CourseId, lesson, now);
        Record(LearningEventKinds.LessonCompleted, now, lesson.Id);
        if (courseCompleted)
        {
            Record(LearningEventKinds.CourseCompleted, now);
        }
    }

    private PinnedLesson RequireLesson(string lessonId) => CourseEnrollmentReads.RequireLesson(Enrollment, Key.CourseId, lessonId);

    private void Record(string kind, DateTimeOffset at, string? lessonId = null, string details = "{}", string? actorId = null) =>
        Enrollment.Outbox.Add(new LearningEvent(Guid.NewGuid(), at, kind, actorId ?? Key.UserId, Key.UserId, CourseId: Key.CourseId, CourseVersion: Enrollment.Version, LessonId: lessonId, Details: details));

    private CourseProgress Progress() => CourseEnrollmentReads.Progress(Enrollment, Key.CourseId, clock.GetUtcNow());

    private Task WriteAsync()
    {
        Enrollment.PrepareRow(rows.Value.EnrollmentRowsKeepLessons);
        return _writes!.WriteAsync();
    }
}
