using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>A learner's progress through the course version they pinned when they started.
/// <see cref="CompletedLessonTimes"/> gives each completed lesson's completion time (null for a lesson completed
/// before times were kept); <see cref="Assessments"/> gives each assessment lesson's attempts and what the policy allows.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.course-progress")]
public sealed record CourseProgress(
    [property: Id(0)] string CourseId,
    [property: Id(1)] int Version,
    [property: Id(2)] ImmutableArray<string> CompletedLessons,
    [property: Id(3)] string? CurrentModuleId,
    [property: Id(4)] string? CurrentLessonId,
    [property: Id(5)] int Percent,
    [property: Id(6)] DateTimeOffset StartedAt,
    [property: Id(7)] DateTimeOffset LastAccessedAt,
    [property: Id(8)] DateTimeOffset? CompletedAt,
    [property: Id(9)] ImmutableDictionary<string, DateTimeOffset?> CompletedLessonTimes,
    [property: Id(10)] ImmutableArray<AssessmentStatus> Assessments)
{
    /// <summary>The share of required lessons done, held at 99 until the course is completed (then 100); a course
    /// with no required lessons shows 0 until completed.</summary>
    public static int PercentOf(int requiredLessons, int requiredDone, bool completed) =>
        completed ? 100 : requiredLessons <= 0 ? 0 : Math.Min(99, requiredDone * 100 / requiredLessons);
}

/// <summary>One assessment lesson as the learner stands with it: attempts made, how many are allowed in all (the
/// author's maximum plus admin grants; null: no limit), the best score, and when the next attempt opens if a wait holds
/// it back (null: it is open now, or none is left).</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.assessment-status")]
public sealed record AssessmentStatus(
    [property: Id(0)] string LessonId,
    [property: Id(1)] int Attempts,
    [property: Id(2)] int? AttemptsAllowed,
    [property: Id(3)] int? BestScore,
    [property: Id(4)] bool Passed,
    [property: Id(5)] DateTimeOffset? LastAttemptAt,
    [property: Id(6)] DateTimeOffset? NextAttemptAt)
{
    /// <summary>Attempts still open to the learner; null when there is no limit.</summary>
    public int? AttemptsLeft => AttemptsAllowed is { } allowed ? Math.Max(0, allowed - Attempts) : null;
}

/// <summary>The outcome of one assessment attempt, scored against the pinned version's answer key.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.attempt-result")]
public sealed record AttemptResult(
    [property: Id(0)] int Score,
    [property: Id(1)] bool Passed,
    [property: Id(2)] CourseProgress Progress);
