namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>
/// One row of the audit trail (<c>learning_events</c>). <see cref="EventId"/> is chosen by the grain that
/// records the change, in the same state write, so writing it again after a crash is a no-op.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.learning-event")]
public sealed record LearningEvent(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] DateTimeOffset OccurredAt,
    [property: Id(2)] string Kind,
    [property: Id(3)] string? ActorId,
    [property: Id(4)] string? UserId,
    [property: Id(5)] string? PackageId = null,
    [property: Id(6)] int? PackageVersion = null,
    [property: Id(7)] string? CourseId = null,
    [property: Id(8)] int? CourseVersion = null,
    [property: Id(9)] string? LessonId = null,
    [property: Id(10)] string Details = "{}");

/// <summary>The kinds of learning event, as stored in <c>learning_events.kind</c>.</summary>
public static class LearningEventKinds
{
    public const string Enrolled = "enrolled";
    public const string MovedToVersion = "moved_to_version";
    public const string CourseStarted = "course_started";
    public const string LessonCompleted = "lesson_completed";
    public const string AssessmentAttempted = "assessment_attempted";
    public const string AttemptGranted = "attempt_granted";
    public const string CourseCompleted = "course_completed";
    public const string PackageCompleted = "package_completed";

    /// <summary>A package enrollment turned in progress (EnrollmentRules.Status); the reports count in progress by it.</summary>
    public const string PackageStarted = "package_started";

    /// <summary>An open package enrollment's due date was changed (details: dueAt, null for none; previousDueAt).</summary>
    public const string DueDateChanged = "due_date_changed";
    public const string CreditGranted = "credit_granted";
    public const string VersionDrafted = "version_drafted";
    public const string VersionPublished = "version_published";
    public const string VersionArchived = "version_archived";
    public const string PublishCancelled = "publish_cancelled";
    public const string RoleChanged = "role_changed";
    public const string UserDeactivated = "user_deactivated";
    public const string UserReactivated = "user_reactivated";
    public const string ApiTokenCreated = "api_token_created";
    public const string ApiTokenRevoked = "api_token_revoked";
    public const string ApiTokenUsedFromNewAddress = "api_token_used_from_new_address";
}
