using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Learn;

/// <summary>The course player: always the version the learner pinned when they started.</summary>
public sealed class PlayerModel(LearningService learning) : PageModel
{
    public CourseContent Course { get; private set; } = null!;

    public CourseProgress Progress { get; private set; } = null!;

    public Lesson Lesson { get; private set; } = null!;

    public string? NextLessonId { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, string? lessonId)
    {
        if (await learning.FindProgressAsync(User.UserId()!, id) is not { } progress)
        {
            return RedirectToPage("Course", new { id });
        }

        Progress = progress;
        Course = (await learning.GetCourseVersionAsync(id, progress.Version)).Content;
        var lessons = Course.AllLessons.ToList();
        var index = lessons.FindIndex(l => l.Id == (lessonId ?? progress.CurrentLessonId));
        if (index < 0)
        {
            return NotFound();
        }

        Lesson = lessons[index];
        NextLessonId = index + 1 < lessons.Count ? lessons[index + 1].Id : null;
        return Page();
    }

    public async Task<IActionResult> OnPostCompleteAsync(string id, string lessonId, string? nextLessonId)
    {
        await learning.CompleteLessonAsync(User.UserId()!, id, lessonId);
        return RedirectToPage(new { id, lessonId = nextLessonId ?? lessonId });
    }

    public async Task<IActionResult> OnPostAttemptAsync(string id, string lessonId)
    {
        // Answers arrive as one form field per question, named "q:{questionId}", with the chosen option ids.
        var answers = Request.Form.Keys.Where(k => k.StartsWith("q:", StringComparison.Ordinal))
            .ToImmutableDictionary(k => k[2..], k => Request.Form[k].Where(v => v is not null).Select(v => v!).ToImmutableArray());
        var result = await learning.SubmitAttemptAsync(User.UserId()!, id, lessonId, answers);
        StatusMessage = result.Passed ? $"Passed with {result.Score} %." : $"Not passed: {result.Score} %. Try again.";
        return RedirectToPage(new { id, lessonId });
    }
}
