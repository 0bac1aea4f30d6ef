using System.Collections.Immutable;
using System.Globalization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Learn;

/// <summary>The course player: always the version the learner pinned when they started. Opening a lesson moves the
/// learner's place and last access; a refused completion or attempt shows why on the lesson, with its 409.</summary>
public sealed class PlayerModel(ProgressService learning, CourseService courses, EnrollmentService enrollments, CatalogService catalog, TimeProvider clock) : PageModel
{
    public CourseContent Course { get; private set; } = null!;

    public CourseProgress Progress { get; private set; } = null!;

    public Lesson Lesson { get; private set; } = null!;

    public string? NextLessonId { get; private set; }

    /// <summary>The attempts of the shown lesson when it is an assessment.</summary>
    public AssessmentStatus? Attempts { get; private set; }

    /// <summary>Why the learner cannot attempt the shown assessment now; null when they can.</summary>
    public string? AttemptClosedBecause { get; private set; }

    public string? RefusalMessage { get; private set; }

    /// <summary>The learner's packages this course counts for, with their progress.</summary>
    public IReadOnlyList<PackageEnrollmentView> Packages { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Titles { get; private set; } = new Dictionary<string, string>();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, string? lessonId)
    {
        CourseProgress? progress;
        try
        {
            progress = await learning.OpenLessonAsync(User.UserId()!, id, lessonId);
        }
        catch (DomainException missing) when (missing.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }

        return progress is null ? RedirectToPage("Course", new { id }) : await ShowAsync(progress, lessonId ?? progress.CurrentLessonId);
    }

    public async Task<IActionResult> OnPostCompleteAsync(string id, string lessonId, string? nextLessonId)
    {
        try
        {
            await learning.CompleteLessonAsync(User.UserId()!, id, lessonId);
        }
        catch (DomainException refused) when (refused.Kind == DomainErrorKind.Conflict)
        {
            return await RefusedAsync(id, lessonId, refused);
        }

        return RedirectToPage(new { id, lessonId = nextLessonId ?? lessonId });
    }

    public async Task<IActionResult> OnPostAttemptAsync(string id, string lessonId)
    {
        // Answers arrive as one form field per question, named "q:{questionId}", with the chosen option ids.
        var answers = Request.Form.Keys.Where(k => k.StartsWith("q:", StringComparison.Ordinal))
            .ToImmutableDictionary(k => k[2..], k => Request.Form[k].Where(v => v is not null).Select(v => v!).ToImmutableArray());
        AttemptResult result;
        try
        {
            result = await learning.SubmitAttemptAsync(User.UserId()!, id, lessonId, answers);
        }
        catch (DomainException refused) when (refused.Kind == DomainErrorKind.Conflict)
        {
            return await RefusedAsync(id, lessonId, refused);
        }

        var left = result.Progress.Assessments.FirstOrDefault(a => a.LessonId == lessonId)?.AttemptsLeft;
        StatusMessage = result.Passed ? $"Passed with {result.Score} %." : $"Not passed: {result.Score} %." + (left == 0 ? "" : " Try again.");
        return RedirectToPage(new { id, lessonId });
    }

    private async Task<IActionResult> RefusedAsync(string id, string lessonId, DomainException refused)
    {
        if (await learning.FindProgressAsync(User.UserId()!, id) is not { } progress)
        {
            return RedirectToPage("Course", new { id });
        }

        RefusalMessage = refused.Message;
        var page = await ShowAsync(progress, lessonId);
        if (page is PageResult shown)
        {
            shown.StatusCode = StatusCodes.Status409Conflict;
        }

        return page;
    }

    private async Task<IActionResult> ShowAsync(CourseProgress progress, string? lessonId)
    {
        Progress = progress;
        Course = (await courses.GetVersionAsync(progress.CourseId, progress.Version)).Content;
        var lessons = Course.AllLessons.ToList();
        var index = lessons.FindIndex(l => l.Id == lessonId);
        if (index < 0)
        {
            return NotFound();
        }

        Lesson = lessons[index];
        NextLessonId = index + 1 < lessons.Count ? lessons[index + 1].Id : null;
        Attempts = progress.Assessments.FirstOrDefault(a => a.LessonId == Lesson.Id);
        AttemptClosedBecause = Attempts switch
        {
            { AttemptsLeft: 0 } a => $"You have used all {a.AttemptsAllowed} attempts. An administrator can grant you another one.",
            { NextAttemptAt: { } opens } when opens > clock.GetUtcNow() =>
                string.Create(CultureInfo.InvariantCulture, $"Your next attempt opens at {opens.UtcDateTime:yyyy-MM-dd HH:mm} UTC."),
            _ => null,
        };
        Packages = await enrollments.CountingForAsync(User.UserId()!, progress.CourseId);
        Titles = await catalog.TitlesAsync(Packages.Select(p => p.PackageId));
        return Page();
    }
}
