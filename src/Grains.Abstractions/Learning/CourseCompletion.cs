namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>How a completion came about: by taking the course, by an admin's recognition of prior learning,
/// or from an imported historical record. Credit that was not earned in the portal is marked everywhere.</summary>
[GenerateSerializer]
[Alias("courseportal.completion-source")]
public enum CompletionSource
{
    Course = 0,
    ManualCredit = 1,
    Imported = 2,
}

/// <summary>A user's completion of a course: the credit every package containing the course shares.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.course-completion")]
public sealed record CourseCompletion(
    [property: Id(0)] string CourseId,
    [property: Id(1)] int? Version,
    [property: Id(2)] DateTimeOffset CompletedAt,
    [property: Id(3)] CompletionSource Source = CompletionSource.Course,
    [property: Id(4)] string? GrantedBy = null,
    [property: Id(5)] string? Reason = null);
