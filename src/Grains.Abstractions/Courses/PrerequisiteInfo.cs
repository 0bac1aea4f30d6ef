using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>What a prerequisite check needs of a course: whether a version is active, and its prerequisites.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.prerequisite-info")]
public sealed record PrerequisiteInfo(
    [property: Id(0)] int? ActiveVersion,
    [property: Id(1)] ImmutableArray<string> Prerequisites);
