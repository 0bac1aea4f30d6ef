using System.Collections.Concurrent;

namespace CoursePortal.Grains.Learning;

/// <summary>One list of pinned lessons per published course version, shared by every enrollment on it in this silo.
/// A published version never changes, so the first list seen for a version is the list for every learner; each
/// enrollment then holds a reference instead of its own copy (about 9 KB for a 100-lesson course).</summary>
public static class PinnedLessons
{
    private static readonly ConcurrentDictionary<(string CourseId, int Version), List<PinnedLesson>> Shared = new();

    /// <summary>The shared list for the version; the caller must not change it (or the one it passed in).</summary>
    public static List<PinnedLesson> Intern(string courseId, int version, List<PinnedLesson> lessons) =>
        Shared.GetOrAdd((courseId, version), lessons);
}
