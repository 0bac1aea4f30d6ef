using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Web.Services;

/// <summary>Where the learner left off: the course last opened and not completed, and the lesson they were on.</summary>
public sealed record ContinueLearning(string CourseId, string LessonId, string LessonTitle, int Percent, DateTimeOffset LastAccessedAt);

/// <summary>A course or package the learner completed; <see cref="Credit"/> when it was credit rather than their own work.</summary>
public sealed record RecentCompletion(string Id, bool IsPackage, DateTimeOffset CompletedAt, bool Credit);

/// <summary>What the home page answers a signed-in learner: what they have to do (open enrollments, overdue first, then by
/// due date), where to continue, which certifications expire soon, and what they finished lately.</summary>
public sealed record LearnerHome(
    IReadOnlyList<PackageEnrollmentView> ToDo,
    ContinueLearning? Continue,
    IReadOnlyList<PackageEnrollmentView> Expiring,
    IReadOnlyList<RecentCompletion> Recent,
    IReadOnlyDictionary<string, string> Titles)
{
    /// <summary>Nothing to show: the page points to the catalog instead.</summary>
    public bool IsEmpty => ToDo.Count == 0 && Continue is null && Expiring.Count == 0 && Recent.Count == 0;

    public string Title(string id) => Titles.GetValueOrDefault(id, id);
}

/// <summary>The home page of a signed-in learner, read from the same record as My learning (one read of the learner's
/// enrollments, courses and completions) so the two never disagree.</summary>
public sealed class LearnerHomeService(EnrollmentService enrollments, CourseService courses, CatalogService catalog, TimeProvider clock)
{
    /// <summary>Certifications that expire within this many days are listed.</summary>
    public const int ExpiringWithinDays = 60;

    /// <summary>How many recent completions are listed.</summary>
    public const int RecentCount = 5;

    public async Task<LearnerHome> GetAsync(string userId)
    {
        var own = await enrollments.GetOwnAsync(userId);
        var now = clock.GetUtcNow();
        var toDo = ToDo(own.Packages);
        var expiring = own.Packages.Where(p => p.ExpiresAt is { } expires && expires > now && expires <= now.AddDays(ExpiringWithinDays))
            .OrderBy(p => p.ExpiresAt).ToList();
        var recent = own.Completions.Values.Select(c => new RecentCompletion(c.CourseId, false, c.CompletedAt, c.Source != CompletionSource.Course))
            .Concat(own.Packages.Where(p => p.CompletedAt is not null).Select(p => new RecentCompletion(p.PackageId, true, p.CompletedAt!.Value, false)))
            .OrderByDescending(r => r.CompletedAt).Take(RecentCount).ToList();
        var resume = await ContinueAsync(own.Courses);
        var named = own.Packages.SelectMany(p => p.Requirement.CourseIds().Append(p.PackageId)).Concat(recent.Select(r => r.Id)).ToList();
        if (resume is not null)
        {
            named.Add(resume.CourseId);
        }

        var titles = await catalog.TitlesAsync(named);
        return new LearnerHome(toDo, resume, expiring, recent, titles);
    }

    /// <summary>The open enrollments in the order the home page lists them: overdue first, then by due date, those
    /// without one last, each group by enrollment date.</summary>
    public static IReadOnlyList<PackageEnrollmentView> ToDo(IEnumerable<PackageEnrollmentView> enrollments) =>
        [.. enrollments.Where(p => p.CompletedAt is null)
            .OrderByDescending(p => p.Overdue).ThenBy(p => p.DueAt ?? DateTimeOffset.MaxValue).ThenBy(p => p.EnrolledAt)];

    // The course opened last that is not completed, at the lesson the learner was on (its pinned version's title).
    private async Task<ContinueLearning?> ContinueAsync(IReadOnlyList<CourseProgress> started)
    {
        if (started.FirstOrDefault(c => c.CompletedAt is null && c.CurrentLessonId is not null) is not { } last)
        {
            return null;
        }

        var version = await courses.GetVersionAsync(last.CourseId, last.Version);
        var lesson = version.Content.AllLessons.FirstOrDefault(l => l.Id == last.CurrentLessonId);
        return lesson is null ? null : new ContinueLearning(last.CourseId, lesson.Id, lesson.Title, last.Percent, last.LastAccessedAt);
    }
}
