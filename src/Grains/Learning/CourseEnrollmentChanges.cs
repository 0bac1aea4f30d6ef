using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Learning;

/// <summary>What the commands of a course enrollment change in its state: starting pins a version's lessons, completing a
/// lesson may complete the course, an attempt is scored and kept, a grant adds an attempt. The grain records the learning
/// events and writes.</summary>
public static class CourseEnrollmentChanges
{
    /// <summary>Pins <paramref name="version"/>'s lessons and starts at its first lesson.</summary>
    public static void Start(CourseEnrollmentState state, string courseId, ContentVersion<CourseContent> version, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(version);
        state.Version = version.Number;
        state.Lessons = PinnedLessons.Intern(courseId, version.Number, PinnedLessons.Of(version));
        state.StartedAt = now;
        state.LastAccessedAt = now;
        state.CurrentLessonId = state.Lessons.FirstOrDefault()?.Id;
    }

    /// <summary>Completes <paramref name="lesson"/> and moves on to the first lesson not completed; true when that completed
    /// the course (its completion then waits in <see cref="CourseEnrollmentState.CompletionToReport"/>).</summary>
    public static bool CompleteLesson(CourseEnrollmentState state, string courseId, PinnedLesson lesson, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(lesson);
        state.CompletedLessons.Add(lesson.Id);
        state.CompletedLessonTimes[lesson.Id] = now;
        state.LastAccessedAt = now;
        state.CurrentLessonId = state.Lessons.FirstOrDefault(l => !state.CompletedLessons.Contains(l.Id))?.Id ?? lesson.Id;
        if (state.CompletedAt is not null || !state.Lessons.Where(l => l.Required).All(l => state.CompletedLessons.Contains(l.Id)))
        {
            return false;
        }

        state.CompletedAt = now;
        state.CompletionToReport = new CourseCompletion(courseId, state.Version, now);
        return true;
    }

    /// <summary>Scores an attempt at <paramref name="lesson"/>'s assessment and keeps it; the attempt and its number. Throws
    /// the policy's refusal when no attempt is left or the wait after the last one has not passed.</summary>
    public static (AssessmentAttempt Attempt, int Number) Attempt(
        CourseEnrollmentState state, PinnedLesson lesson, ImmutableDictionary<string, ImmutableArray<string>>? answers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var assessment = CourseEnrollmentReads.RequireAssessment(lesson);
        var made = AttemptHistory.Made(state, lesson.Id);
        if (AttemptPolicy.Refusal(lesson.Id, assessment, made, AttemptHistory.Granted(state, lesson.Id), AttemptHistory.LastAt(state, lesson.Id), now) is { } refusal)
        {
            throw refusal;
        }

        var score = AssessmentScoring.Score(assessment, answers ?? ImmutableDictionary<string, ImmutableArray<string>>.Empty);
        var attempt = new AssessmentAttempt(lesson.Id, now, score, score >= assessment.PassMark);
        AttemptHistory.Add(state, attempt);
        return (attempt, made + 1);
    }

    /// <summary>Grants one more attempt at <paramref name="lesson"/>'s assessment; how many are granted now. 409 when the
    /// assessment has no maximum of attempts.</summary>
    public static int GrantAttempt(CourseEnrollmentState state, PinnedLesson lesson)
    {
        ArgumentNullException.ThrowIfNull(state);
        var assessment = CourseEnrollmentReads.RequireAssessment(lesson);
        if (assessment.MaxAttempts is null)
        {
            throw DomainException.Conflict(ErrorCodes.NoAttemptLimit, $"'{lesson.Id}' has no maximum of attempts; there is nothing to grant.");
        }

        var granted = AttemptHistory.Granted(state, lesson.Id) + 1;
        state.GrantedAttempts[lesson.Id] = granted;
        return granted;
    }
}
