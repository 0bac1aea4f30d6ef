using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Grains.Learning;

/// <summary>What a course enrollment reads out of its state: the lesson a command names, and the progress it answers with.</summary>
public static class CourseEnrollmentReads
{
    /// <summary>The lesson of the pinned version, once the course is started.</summary>
    public static PinnedLesson RequireLesson(CourseEnrollmentState state, string courseId, string lessonId)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.StartedAt is null)
        {
            throw DomainException.Conflict(ErrorCodes.NotStarted, $"Start course '{courseId}' first.");
        }

        return state.Lessons.Find(l => l.Id == lessonId)
            ?? throw new DomainException(DomainErrorKind.NotFound, ErrorCodes.LessonNotInVersion, $"Version {state.Version} of course '{courseId}' has no lesson '{lessonId}'.", "lessonId");
    }

    public static Assessment RequireAssessment(PinnedLesson lesson)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        return lesson.Assessment ?? throw new DomainException([new FieldError(ErrorCodes.NotAnAssessment, "lessonId", $"Lesson '{lesson.Id}' is not an assessment.")]);
    }

    /// <summary>The learner's progress in a started course, as of <paramref name="now"/> (when assessments reopen).</summary>
    public static CourseProgress Progress(CourseEnrollmentState state, string courseId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.StartedAt is not { } started)
        {
            throw new DomainException(DomainErrorKind.NotFound, ErrorCodes.NotStarted, $"Course '{courseId}' has not been started.");
        }

        var required = state.Lessons.Count(l => l.Required);
        // A set: the list is checked once per lesson, and a read of a 100-lesson course was quadratic (bench/profiles.md).
        var completed = state.CompletedLessons.ToHashSet(StringComparer.Ordinal);
        var done = state.Lessons.Count(l => l.Required && completed.Contains(l.Id));
        var percent = CourseProgress.PercentOf(required, done, state.CompletedAt is not null);
        var moduleId = state.Lessons.Find(l => l.Id == state.CurrentLessonId)?.ModuleId;
        var times = state.CompletedLessons.ToImmutableDictionary(
            id => id, id => state.CompletedLessonTimes.TryGetValue(id, out var at) ? at : (DateTimeOffset?)null, StringComparer.Ordinal);
        return new CourseProgress(courseId, state.Version, [.. state.CompletedLessons], moduleId, state.CurrentLessonId, percent, started, state.LastAccessedAt,
            state.CompletedAt, times, [.. state.Lessons.Where(l => l.Assessment is not null).Select(l => AttemptHistory.Status(state, l.Id, l.Assessment!, now))]);
    }
}
