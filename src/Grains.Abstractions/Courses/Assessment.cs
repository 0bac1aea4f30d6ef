using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>The questions of an assessment lesson, the percentage of points that passes it, and the author's attempts
/// policy: at most <see cref="MaxAttempts"/> attempts (null: no limit) with at least <see cref="MinutesBetweenAttempts"/>
/// minutes from one attempt to the next (null or 0: no wait). Versions stored before the policy existed read as no limit, no wait.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.assessment")]
public sealed record Assessment(
    [property: Id(0)] int PassMark,
    ImmutableArray<Question> Questions,
    [property: Id(2)] int? MaxAttempts = null,
    [property: Id(3)] int? MinutesBetweenAttempts = null)
{
    [Id(1)]
    public ImmutableArray<Question> Questions { get; init; } = Questions.IsDefault ? [] : Questions;
}

/// <summary>A single-choice (exactly one correct option) or multiple-choice question.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.question")]
public sealed record Question(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] bool Multiple,
    ImmutableArray<AnswerOption> Options)
{
    [Id(3)]
    public ImmutableArray<AnswerOption> Options { get; init; } = Options.IsDefault ? [] : Options;
}

/// <summary>One option of a question; <see cref="Correct"/> is never shown to learners.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.answer-option")]
public sealed record AnswerOption(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] bool Correct);
