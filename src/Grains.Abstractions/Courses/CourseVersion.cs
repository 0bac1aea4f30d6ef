namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>
/// One numbered version of a course with its audit trail. Published and archived versions never
/// change, which is what lets readers cache them and learners keep the one they started.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.course-version")]
public sealed record CourseVersion(
    [property: Id(0)] string CourseId,
    [property: Id(1)] int Number,
    [property: Id(2)] CourseStatus Status,
    [property: Id(3)] CourseContent Content,
    [property: Id(4)] string CreatedBy,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] string UpdatedBy,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] string? PublishedBy = null,
    [property: Id(9)] DateTimeOffset? PublishedAt = null,
    [property: Id(10)] string? ArchivedBy = null,
    [property: Id(11)] DateTimeOffset? ArchivedAt = null,
    [property: Id(12)] string? ChangeNotes = null,
    [property: Id(13)] DateTimeOffset? EffectiveDate = null,
    [property: Id(14)] int? CopiedFrom = null);
