using System.Collections.Concurrent;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Learning;

/// <summary>One list of pinned lessons per published course version, shared by every enrollment on it in this silo.
/// A published version never changes, so the first list seen for a version is the list for every learner: an enrollment
/// holds a reference instead of its own copy (about 9 KB for a 100-lesson course) and its row stores none, the list being
/// asked of the course grain once per silo and version.</summary>
public static class PinnedLessons
{
    // A task, so activations on a version not yet known share the one call to the course grain that fetches it.
    private static readonly ConcurrentDictionary<(string CourseId, int Version), Task<List<PinnedLesson>>> Shared = new();

    /// <summary>The shared list for the version; the caller must not change it (or the one it passed in). While the
    /// version is being fetched, the list passed in (the same lessons) is used as it is.</summary>
    public static List<PinnedLesson> Intern(string courseId, int version, List<PinnedLesson> lessons)
    {
        var shared = Shared.GetOrAdd((courseId, version), Task.FromResult(lessons));
        return shared.IsCompletedSuccessfully ? shared.Result : lessons;
    }

    /// <summary>The version's shared list, asked of the course grain the first time this silo needs it. A failed or timed
    /// out call is forgotten, so the next activation asks again instead of inheriting the failure.</summary>
    public static async Task<List<PinnedLesson>> GetAsync(IGrainFactory grains, string courseId, int version)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var key = (courseId, version);
        var lessons = Shared.GetOrAdd(key, static (k, g) => FetchAsync(g, k.CourseId, k.Version), grains);
        try
        {
            return await lessons;
        }
        catch
        {
            Shared.TryRemove(KeyValuePair.Create(key, lessons));
            throw;
        }
    }

    /// <summary>A started enrollment's lessons: those its row brings when the release before slim rows wrote it (the same
    /// list, so no call is needed), else the pinned version's shared list.</summary>
    public static Task<List<PinnedLesson>> OfStartedAsync(IGrainFactory grains, string courseId, CourseEnrollmentState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.StoredLessons is { Count: > 0 } stored
            ? Task.FromResult(Intern(courseId, state.Version, stored))
            : GetAsync(grains, courseId, state.Version);
    }

    /// <summary>What progress needs of a version's lessons, in course order.</summary>
    public static List<PinnedLesson> Of(ContentVersion<CourseContent> version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return [.. version.Content.Modules.SelectMany(m => m.Lessons.Select(l => new PinnedLesson(l.Id, m.Id, l.Required, l.Assessment)))];
    }

    // Runs in the turn of the first activation that asks, which awaits it; the others await the same task from their own
    // turns. Building the list touches no grain's state, only the immutable version.
    private static async Task<List<PinnedLesson>> FetchAsync(IGrainFactory grains, string courseId, int version) =>
        Of(await grains.GetGrain<ICourseGrain>(GrainKeys.Course(courseId)).GetVersionAsync(version));
}
