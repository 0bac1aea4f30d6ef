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
    [property: Id(4)] ImmutableArray<string> Tags = default,
    [property: Id(5)] string? CoverImageUrl = null,
    [property: Id(6)] DateOnly? StartDate = null,
    [property: Id(7)] DateOnly? EndDate = null,
    [property: Id(8)] int? EstimatedDurationMinutes = null,
    [property: Id(9)] ImmutableArray<Module> Modules = default,
    [property: Id(10)] ImmutableArray<string> Instructors = default,
    [property: Id(11)] ImmutableArray<string> Prerequisites = default)
{
    /// <summary>The set duration, else the sum of the lessons' estimates.</summary>
    [JsonIgnore]
    public int EffectiveDurationMinutes =>
        EstimatedDurationMinutes ?? Modules.DefaultIfEmpty().SelectMany(m => m?.Lessons ?? []).Sum(l => l.EstimatedMinutes ?? 0);

    /// <summary>Every lesson in course order.</summary>
    [JsonIgnore]
    public IEnumerable<Lesson> AllLessons => (Modules.IsDefault ? [] : Modules).SelectMany(m => m.Lessons.IsDefault ? [] : m.Lessons);

    /// <summary>The same content with default (null) arrays made empty, so it compares and serializes plainly.</summary>
    public CourseContent Normalize() => this with
    {
        Tags = Tags.IsDefault ? [] : Tags,
        Modules = Modules.IsDefault ? [] : [.. Modules.Select(m => m.Lessons.IsDefault ? m with { Lessons = [] } : m)],
        Instructors = Instructors.IsDefault ? [] : Instructors,
        Prerequisites = Prerequisites.IsDefault ? [] : Prerequisites,
    };
}
