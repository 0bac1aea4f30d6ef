using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;

namespace CoursePortal.Grains.Courses;

/// <summary>At publish: every prerequisite is a course with an active version, and following
/// prerequisites never leads back to the course being published.</summary>
public static class PrerequisiteCheck
{
    private const int MaxCoursesVisited = 500;

    public static async Task EnsurePublishableAsync(IGrainFactory grains, string courseId, IReadOnlyList<string> prerequisites)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(prerequisites);
        foreach (var prerequisite in prerequisites)
        {
            if ((await grains.GetGrain<ICourseGrain>(GrainKeys.Course(prerequisite)).GetPrerequisiteInfoAsync()).ActiveVersion is null)
            {
                throw new DomainException([new FieldError(ErrorCodes.PrerequisiteNotPublished, "prerequisites",
                    $"Prerequisite '{prerequisite}' is not a course with an active published version.")]);
            }
        }

        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(prerequisites);
        while (pending.TryDequeue(out var next))
        {
            if (next == courseId)
            {
                throw new DomainException([new FieldError(ErrorCodes.PrerequisiteCycle, "prerequisites",
                    $"The prerequisites lead back to '{courseId}': a learner could never start it.")]);
            }

            if (!visited.Add(next) || visited.Count > MaxCoursesVisited)
            {
                continue;
            }

            foreach (var further in (await grains.GetGrain<ICourseGrain>(GrainKeys.Course(next)).GetPrerequisiteInfoAsync()).Prerequisites)
            {
                pending.Enqueue(further);
            }
        }
    }
}
