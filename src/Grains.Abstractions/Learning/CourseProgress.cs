using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>A learner's progress through the course version they pinned when they started.</summary>
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
    [property: Id(8)] DateTimeOffset? CompletedAt);

/// <summary>The outcome of one assessment attempt, scored against the pinned version's answer key.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.attempt-result")]
public sealed record AttemptResult(
    [property: Id(0)] int Score,
    [property: Id(1)] bool Passed,
    [property: Id(2)] CourseProgress Progress);
