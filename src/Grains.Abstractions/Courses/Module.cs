using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>An ordered group of lessons.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.module")]
public sealed record Module(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Description,
    ImmutableArray<Lesson> Lessons)
{
    [Id(3)]
    public ImmutableArray<Lesson> Lessons { get; init; } = Lessons.IsDefault ? [] : Lessons;
}
