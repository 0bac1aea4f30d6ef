using System.Text.Json.Serialization;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Learning;

namespace CoursePortal.Grains.Packages;

/// <summary>One enrollment: the pinned version's tree and rules copied in, and what has happened since.
/// <see cref="StartedAt"/>: when the enrollment turned in progress (the rule of <see cref="EnrollmentRules"/>),
/// recorded as <c>package_started</c>; absent in enrollments stored before it was kept.</summary>
[GenerateSerializer]
[Alias("courseportal.enrollment")]
public sealed record Enrollment(
    [property: Id(0)] int Version,
    [property: Id(1)] RequirementNode Requirement,
    [property: Id(2)] bool CompletionsMustFollowEnrollment,
    [property: Id(3)] int? ValidityDays,
    [property: Id(4)] DateTimeOffset EnrolledAt,
    [property: Id(5)] string EnrolledBy,
    [property: Id(6)] DateTimeOffset? DueAt,
    [property: Id(7)] DateTimeOffset? CompletedAt = null,
    [property: Id(8)] DateTimeOffset? StartedAt = null);

[GenerateSerializer]
[Alias("courseportal.package-enrollment-state")]
public sealed class PackageEnrollmentState
{
    [Id(0)]
    public Enrollment? Current { get; set; }

    /// <summary>Earlier enrollments (recertification), oldest first.</summary>
    [Id(1)]
    public List<Enrollment> History { get; init; } = [];

    /// <summary>The user's completions of the courses in the pinned tree.</summary>
    [Id(2)]
    public Dictionary<string, CourseCompletion> Completions { get; init; } = new(StringComparer.Ordinal);

    [Id(3)]
    public Outbox Outbox { get; init; } = new();

    /// <summary>The current round's notices; null (and left out of the stored row) while there is nothing to keep.</summary>
    [Id(4)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EnrollmentNotices? Notices { get; set; }

    /// <summary>Whether the current round's notices have been planned since it began. False in rounds stored before
    /// notices existed, whose first plan sends nothing of what already fell due (<see cref="Notifications.NoticePlanner.Baseline"/>).</summary>
    [Id(5)]
    public bool NoticesPlanned { get; set; }
}
