namespace CoursePortal.Grains.Abstractions.Versioning;

/// <summary>One row of a course's or package's version history: the audit trail without the content.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.version-info")]
public sealed record VersionInfo(
    [property: Id(0)] int Number,
    [property: Id(1)] VersionStatus Status,
    [property: Id(2)] bool IsActive,
    [property: Id(3)] bool IsScheduled,
    [property: Id(4)] string Title,
    [property: Id(5)] string CreatedBy,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string UpdatedBy,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] string? PublishedBy,
    [property: Id(10)] DateTimeOffset? PublishedAt,
    [property: Id(11)] string? ArchivedBy,
    [property: Id(12)] DateTimeOffset? ArchivedAt,
    [property: Id(13)] string? ChangeNotes,
    [property: Id(14)] DateTimeOffset? EffectiveDate,
    [property: Id(15)] int? CopiedFrom,
    [property: Id(16)] string? ArchiveReason = null);
