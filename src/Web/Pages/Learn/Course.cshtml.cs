using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Learn;

public sealed class CourseModel(CourseService courses, ProgressService learning, UserService users) : PageModel
{
    public ContentVersion<CourseContent> Course { get; private set; } = null!;

    public CourseProgress? Progress { get; private set; }

    public IReadOnlyList<UserProfile> Instructors { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await courses.FindActiveAsync(id) is not { } course)
        {
            return NotFound();
        }

        Course = course;
        Progress = await learning.FindProgressAsync(User.UserId()!, id);
        Instructors = await users.FindProfilesAsync(course.Content.Instructors);
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(string id, string? packageId)
    {
        try
        {
            var progress = await learning.StartAsync(User.UserId()!, id, packageId);
            return RedirectToPage("Player", new { id, lessonId = progress.CurrentLessonId });
        }
        catch (DomainException refused)
        {
            StatusMessage = refused.Message;
            return RedirectToPage(new { id });
        }
    }
}
