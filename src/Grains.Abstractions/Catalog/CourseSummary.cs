using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Catalog;

/// <summary>What the catalog lists of one course: its active published version's headline facts.</summary>
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
    [property: Id(7)] int ActiveVersion);
