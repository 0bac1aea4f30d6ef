namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>
/// One lesson. Its id is stable across versions. The payload fields that apply depend on
/// <see cref="Type"/>: Markdown (content), VideoUrl and Transcript (video), DocumentUrl and FileName
/// (document), Assessment (assessment); validation rejects a payload of another type.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.lesson")]
public sealed record Lesson(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] LessonType Type,
    [property: Id(3)] bool Required,
    [property: Id(4)] int? EstimatedMinutes = null,
    [property: Id(5)] string? Markdown = null,
    [property: Id(6)] string? VideoUrl = null,
    [property: Id(7)] string? Transcript = null,
    [property: Id(8)] string? DocumentUrl = null,
    [property: Id(9)] string? FileName = null,
    [property: Id(10)] Assessment? Assessment = null);
