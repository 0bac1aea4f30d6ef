using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Abstractions.Catalog;

/// <summary>What the catalog lists of one course: the headline facts of its active published version (of its
/// latest version while it has none), with <see cref="ActiveVersion"/> 0 when nothing is active.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.course-summary")]
public sealed record CourseSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string Description,
    [property: Id(3)] ImmutableArray<string> Tags,
    [property: Id(4)] string? ProductSuite,
    [property: Id(5)] string? ProductConcept,
    [property: Id(6)] int EstimatedDurationMinutes,
    [property: Id(7)] int ActiveVersion,
    [property: Id(8)] VersionStatus Status = VersionStatus.Published);
