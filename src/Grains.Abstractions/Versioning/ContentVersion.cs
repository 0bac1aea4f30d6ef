namespace CoursePortal.Grains.Abstractions.Versioning;

/// <summary>
/// One numbered version of a course or package (<see cref="OwnerId"/>) with its audit trail. Published
/// and archived versions never change, which is what lets readers cache them and learners keep the one
/// they started. <see cref="ArchiveReason"/> says why an approver retired it, or why its scheduled publish was
/// cancelled; it is absent on versions archived by a later publish (and on rows stored before it existed).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.content-version`1")]
public sealed record ContentVersion<TContent>(
    [property: Id(0)] string OwnerId,
    [property: Id(1)] int Number,
    [property: Id(2)] VersionStatus Status,
    [property: Id(3)] TContent Content,
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
    [property: Id(14)] int? CopiedFrom = null,
    [property: Id(15)] string? ArchiveReason = null);
