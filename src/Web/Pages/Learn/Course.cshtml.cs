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

/// <summary>A course before and while taking it: cover, instructors, the dates it can be started, its prerequisites
/// with the learner's standing on each, and every lesson with its type, duration and whether it is required.</summary>
public sealed class CourseModel(EnrollmentService enrollments, ProgressService learning, UserService users, CatalogService catalog, TimeProvider clock) : PageModel
{
    public ContentVersion<CourseContent> Course { get; private set; } = null!;

    public CourseProgress? Progress { get; private set; }

    public IReadOnlyList<UserProfile> Instructors { get; private set; } = [];

    public IReadOnlyList<CourseStanding> Prerequisites { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Titles { get; private set; } = new Dictionary<string, string>();

    /// <summary>The course is archived: shown only to a learner finishing it (started, or named by their open package
    /// enrollment).</summary>
    public bool Retired => Course.Status == VersionStatus.Archived;

    /// <summary>Why the course cannot be started today (outside its dates); null when it can.</summary>
    public string? ClosedBecause { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        var userId = User.UserId()!;
        Progress = await learning.FindProgressAsync(userId, id);
        if (await enrollments.CourseVersionForAsync(userId, id, Progress) is not { } course)
        {
            return NotFound();
        }

        Course = course;
        Instructors = await users.FindProfilesAsync(course.Content.Instructors);
        Prerequisites = await learning.StandingsAsync(userId, course.Content.Prerequisites);
        Titles = await catalog.TitlesAsync(course.Content.Prerequisites);
        ClosedBecause = CourseAvailability.WhyNot(course.Content, clock.GetUtcNow());
        return Page();
    }

    public string Title(string id) => Titles.GetValueOrDefault(id, id);

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
