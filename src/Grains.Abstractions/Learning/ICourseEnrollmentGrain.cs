using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>One learner's progress through one course, pinned to the version active when they started.
/// The hot path: a lesson completion is one call to this grain and one state write.
/// Key: <c>GrainKeys.CourseEnrollment(userId, courseId)</c>.</summary>
[Alias("courseportal.course-enrollment")]
public interface ICourseEnrollmentGrain : IGrainWithStringKey
{
    /// <summary>Starts the course on its active version (prerequisites must be complete; within a package,
    /// <paramref name="packageId"/>, the course must not be locked in a series); starting again returns the progress.</summary>
    [Alias("start")]
    [Idempotent]
    Task<CourseProgress> StartAsync(string? packageId = null);

    /// <summary>Marks a lesson of the pinned version complete; doing it twice changes nothing. An assessment is
    /// refused (409 <c>assessment_needs_attempt</c>): only a passing attempt completes it.</summary>
    [Alias("complete-lesson")]
    [Idempotent]
    Task<CourseProgress> CompleteLessonAsync(string lessonId);

    /// <summary>Scores an assessment attempt (question id → chosen option ids); a pass completes the lesson. Refused
    /// when the attempts policy allows no attempt now (409 <c>attempts_exhausted</c> or <c>attempt_too_soon</c>).</summary>
    [Alias("submit-attempt")]
    Task<AttemptResult> SubmitAttemptAsync(string lessonId, ImmutableDictionary<string, ImmutableArray<string>> answers);

    /// <summary>The learner opens a lesson (null: the current one): it becomes the current lesson and the last access moves.</summary>
    [Alias("open-lesson")]
    Task<CourseProgress> OpenLessonAsync(string? lessonId);

    /// <summary>An admin (<paramref name="actorId"/>) allows one more attempt at an assessment with a maximum; audited.</summary>
    [Alias("grant-attempt")]
    Task<CourseProgress> GrantAttemptAsync(string lessonId, string actorId, string? reason);

    /// <summary>The progress; 404 when the course was never started.</summary>
    [Alias("get-progress")]
    [ReadOnly]
    Task<CourseProgress> GetProgressAsync();
}
