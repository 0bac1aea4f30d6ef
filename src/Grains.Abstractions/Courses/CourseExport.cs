namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>Where an export stands.</summary>
[GenerateSerializer]
[Alias("courseportal.export-status")]
public enum ExportStatus
{
    Pending = 0,
    Processing = 1,
    Completed = 2,
    Failed = 3,

    /// <summary>Completed, and then its file was deleted after Storage:ExportRetentionDays (or went missing).</summary>
    Expired = 4,
}

/// <summary>One export of a course version to a ZIP: its progress, and once completed the file's
/// place under Storage:ExportsPath and its size in bytes; once expired, when its file was deleted.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.course-export")]
public sealed record CourseExport(
    [property: Id(0)] string ExportId,
    [property: Id(1)] string CourseId,
    [property: Id(2)] int Version,
    [property: Id(3)] ExportStatus Status,
    [property: Id(4)] string RequestedBy,
    [property: Id(5)] DateTimeOffset RequestedAt,
    [property: Id(6)] DateTimeOffset? CompletedAt = null,
    [property: Id(7)] long? FileSize = null,
    [property: Id(8)] string? RelativePath = null,
    [property: Id(9)] string? Error = null,
    [property: Id(10)] DateTimeOffset? ExpiredAt = null);
