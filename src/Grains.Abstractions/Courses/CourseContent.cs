using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>What an author edits in a draft: everything of a course version but its number,
/// status and audit trail.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.course-content")]
public sealed record CourseContent(
    [property: Id(0)] string Title,
    [property: Id(1)] string? Description = null,
    [property: Id(2)] string? ProductSuite = null,
    [property: Id(3)] string? ProductConcept = null,
    ImmutableArray<string> Tags = default,
    [property: Id(5)] string? CoverImageUrl = null,
    [property: Id(6)] DateOnly? StartDate = null,
    [property: Id(7)] DateOnly? EndDate = null,
    [property: Id(8)] int? EstimatedDurationMinutes = null,
    ImmutableArray<Module> Modules = default,
    ImmutableArray<string> Instructors = default,
    ImmutableArray<string> Prerequisites = default)
{
    // The arrays are never default: one left out (by a caller, a JSON body or a stored state) becomes empty,
    // so every reader can enumerate them without checking.
    [Id(4)]
    public ImmutableArray<string> Tags { get; init; } = Tags.IsDefault ? [] : Tags;

    [Id(9)]
    public ImmutableArray<Module> Modules { get; init; } = Modules.IsDefault ? [] : Modules;

    [Id(10)]
    public ImmutableArray<string> Instructors { get; init; } = Instructors.IsDefault ? [] : Instructors;

    [Id(11)]
    public ImmutableArray<string> Prerequisites { get; init; } = Prerequisites.IsDefault ? [] : Prerequisites;

    /// <summary>The set duration, else the sum of the lessons' estimates.</summary>
    [JsonIgnore]
    public int EffectiveDurationMinutes =>
        EstimatedDurationMinutes ?? AllLessons.Sum(l => l.EstimatedMinutes ?? 0);

    /// <summary>Every lesson in course order.</summary>
    [JsonIgnore]
    public IEnumerable<Lesson> AllLessons => Modules.SelectMany(m => m.Lessons);
}
