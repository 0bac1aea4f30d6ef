using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Web.Services;

/// <summary>Where a learner stands with one course: completed when (credit included), else started or not.</summary>
public sealed record CourseStanding(string CourseId, DateTimeOffset? CompletedAt, bool Started);

/// <summary>A learner's progress in a course (the course enrollment): the one way the player, the course page and
/// the <c>/v1/courses/{id}/…</c> progress endpoints start, open, complete and attempt. Every write is the signed-in learner's own: the user id is the caller's, never the request's.</summary>
public sealed class ProgressService(IGrainFactory grains)
{
    /// <summary>The learner's progress, or null when they have not started the course.</summary>
    public async Task<CourseProgress?> FindProgressAsync(string userId, string courseId)
    {
        try
        {
            return Ids.IsValid(courseId) ? await Progress(userId, courseId).GetProgressAsync() : null;
        }
        catch (DomainException notStarted) when (notStarted.Kind == DomainErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>Every course the learner has started or completed in the portal, newest activity first.</summary>
    /// <param name="userId">The learner.</param>
    /// <param name="completions">The user's completions when the caller has them already.</param>
    public async Task<IReadOnlyList<CourseProgress>> ListProgressAsync(string userId, IReadOnlyDictionary<string, CourseCompletion>? completions = null)
    {
        var user = grains.Reference<Grains.Abstractions.Users.IUserGrain>(GrainKeys.User(userId));
        var started = await user.GetStartedCoursesAsync();
        var completed = completions ?? await user.GetCompletionsAsync();
        var courses = started.Concat(completed.Values.Where(c => c.Source == CompletionSource.Course).Select(c => c.CourseId)).Distinct(StringComparer.Ordinal);
        var progress = await Task.WhenAll(courses.Select(c => FindProgressAsync(userId, c)));
        return [.. progress.OfType<CourseProgress>().OrderByDescending(p => p.LastAccessedAt)];
    }

    /// <summary>The learner's progress; a 404 refusal when they have not started the course.</summary>
    public Task<CourseProgress> GetProgressAsync(string userId, string courseId) => Progress(userId, courseId).GetProgressAsync();

    /// <summary>Starts the course (for <paramref name="packageId"/> when it counts towards one), pinning its active version.</summary>
    public Task<CourseProgress> StartAsync(string userId, string courseId, string? packageId = null) => Progress(userId, courseId).StartAsync(packageId);

    /// <summary>Marks a lesson complete: the player's form and its script both come here.</summary>
    public Task<CourseProgress> CompleteLessonAsync(string userId, string courseId, string lessonId) => Progress(userId, courseId).CompleteLessonAsync(lessonId);

    /// <summary>The learner opens a lesson (null: where they left off); null when they have not started the course.
    /// A lesson the pinned version does not have is a 404 refusal.</summary>
    public async Task<CourseProgress?> OpenLessonAsync(string userId, string courseId, string? lessonId)
    {
        try
        {
            return Ids.IsValid(courseId) ? await Progress(userId, courseId).OpenLessonAsync(lessonId) : null;
        }
        catch (DomainException notStarted) when (notStarted.Code == ErrorCodes.NotStarted)
        {
            return null;
        }
    }

    /// <summary>Where the learner stands with each of <paramref name="courseIds"/> (a course's prerequisites): completed
    /// (credit included), started, or neither.</summary>
    public async Task<IReadOnlyList<CourseStanding>> StandingsAsync(string userId, IEnumerable<string> courseIds)
    {
        var completions = await grains.Reference<Grains.Abstractions.Users.IUserGrain>(GrainKeys.User(userId)).GetCompletionsAsync();
        return await Task.WhenAll(courseIds.Select(async id => completions.TryGetValue(id, out var done)
            ? new CourseStanding(id, done.CompletedAt, Started: true)
            : new CourseStanding(id, null, await FindProgressAsync(userId, id) is not null)));
    }

    /// <summary>Scores an attempt at an assessment lesson.</summary>
    public Task<AttemptResult> SubmitAttemptAsync(string userId, string courseId, string lessonId, ImmutableDictionary<string, ImmutableArray<string>> answers) =>
        Progress(userId, courseId).SubmitAttemptAsync(lessonId, answers);


    private ICourseEnrollmentGrain Progress(string userId, string courseId) =>
        grains.Reference<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(userId, Ids.Existing("Course", courseId)));
}
