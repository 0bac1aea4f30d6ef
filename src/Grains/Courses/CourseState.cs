using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Versioning;

namespace CoursePortal.Grains.Courses;

[GenerateSerializer]
[Alias("courseportal.course-state")]
public sealed class CourseState : IVersionedState<CourseContent>
{
    [Id(0)]
    public VersionLog<CourseContent> Versions { get; init; } = new();

    /// <summary>The ids of the course's exports, oldest first.</summary>
    [Id(1)]
    public List<string> Exports { get; init; } = [];

    [Id(2)]
    public Learning.Outbox Outbox { get; init; } = new();

    /// <summary>The latest export of each version: a new request for the version gets it back while it is live.</summary>
    [Id(3)]
    public Dictionary<int, string> LatestExports { get; init; } = [];
}
