using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>Where a learner's enrollment in a package stands.</summary>
[GenerateSerializer]
[Alias("courseportal.enrollment-status")]
public enum EnrollmentStatus
{
    NotStarted = 0,
    InProgress = 1,
    Completed = 2,
}

/// <summary>Whether a completed enrollment still counts, when its version sets a validity period.</summary>
[GenerateSerializer]
[Alias("courseportal.certification-status")]
public enum CertificationStatus
{
    /// <summary>Not completed, or the version sets no validity period.</summary>
    None = 0,
    Valid = 1,

    /// <summary>Expiry is near: time to re-enroll.</summary>
    RecertificationDue = 2,
    Expired = 3,
}

/// <summary>One enrollment as the learner and admins see it: the pinned version and its tree, evaluated.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.package-enrollment-view")]
public sealed record PackageEnrollmentView(
    [property: Id(0)] string UserId,
    [property: Id(1)] string PackageId,
    [property: Id(2)] int Version,
    [property: Id(3)] EnrollmentStatus Status,
    [property: Id(4)] int Percent,
    [property: Id(5)] DateTimeOffset EnrolledAt,
    [property: Id(6)] string EnrolledBy,
    [property: Id(7)] DateTimeOffset? DueAt,
    [property: Id(8)] bool Overdue,
    [property: Id(9)] DateTimeOffset? CompletedAt,
    [property: Id(10)] RequirementNode Requirement,
    [property: Id(11)] Evaluation Evaluation,
    [property: Id(12)] DateTimeOffset? ExpiresAt = null,
    [property: Id(13)] CertificationStatus Certification = CertificationStatus.None,
    [property: Id(14)] ImmutableArray<EarlierEnrollment> History = default);

/// <summary>An earlier enrollment kept for the record: a finished round before recertification, or the
/// version a learner was moved away from.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.earlier-enrollment")]
public sealed record EarlierEnrollment(
    [property: Id(0)] int Version,
    [property: Id(1)] DateTimeOffset EnrolledAt,
    [property: Id(2)] DateTimeOffset? DueAt,
    [property: Id(3)] DateTimeOffset? CompletedAt);
