using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>One evaluated node. Evaluations list them in the pre-order of the tree, so index i belongs to the
/// i-th node of <see cref="RequirementNode.PreOrder"/>; no path strings are built on the hot path.
/// <see cref="CompletedOutOfOrder"/>: a course the learner completed, but before the series member it follows was
/// satisfied, so it does not count here (see <see cref="RequirementEvaluator"/>).</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.evaluated-node")]
public readonly record struct EvaluatedNode(
    [property: Id(0)] NodeState State,
    [property: Id(1)] bool Satisfied,
    [property: Id(2)] int Percent,
    [property: Id(3)] bool CompletedOutOfOrder = false);

/// <summary>A learner's standing against a requirement tree: every node's state, the overall percent by
/// required work, the courses to take next, and whether the whole package is complete.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.evaluation")]
public sealed record Evaluation(
    [property: Id(0)] ImmutableArray<EvaluatedNode> Nodes,
    [property: Id(1)] int Percent,
    [property: Id(2)] bool IsComplete,
    [property: Id(3)] ImmutableArray<string> NextCourses);

/// <summary>What the evaluator knows of a learner: completed courses with when, courses started, and the
/// enrollment's date and retraining rule (completions before it do not count when it is on).</summary>
public sealed record LearnerRecord(
    IReadOnlyDictionary<string, DateTimeOffset> Completions,
    DateTimeOffset EnrolledAt,
    bool CompletionsMustFollowEnrollment = false,
    IReadOnlySet<string>? Started = null)
{
    public static LearnerRecord Empty(DateTimeOffset enrolledAt) => new(new Dictionary<string, DateTimeOffset>(), enrolledAt);

    public bool Counts(string courseId) => CountedAt(courseId) is not null;

    /// <summary>When the course was completed, if that completion counts for this enrollment (series order aside).</summary>
    public DateTimeOffset? CountedAt(string courseId) =>
        Completions.TryGetValue(courseId, out var at) && (!CompletionsMustFollowEnrollment || at >= EnrolledAt) ? at : null;
}
