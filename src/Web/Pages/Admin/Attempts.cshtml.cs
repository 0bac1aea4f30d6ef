using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>A learner's assessment attempts in one course, and one more attempt granted where the maximum is used up,
/// with the reason and the admin kept in the audit trail.</summary>
public sealed class AttemptsModel(UserService users, LearnerRecordService records, CatalogService catalog, ProgressService learning) : PageModel
{
    public IReadOnlyDictionary<string, string> Courses { get; private set; } = new Dictionary<string, string>();

    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? CourseId { get; set; }

    [BindProperty]
    public string? LessonId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public UserProfile? Profile { get; private set; }

    /// <summary>The learner's progress in the course; null when they have not started it (or nothing was asked yet).</summary>
    public CourseProgress? Progress { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync()
    {
        Courses = await catalog.CourseTitlesAsync();
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrWhiteSpace(CourseId))
        {
            return;
        }

        try
        {
            Profile = await users.FindAsync(Email);
            Progress = await learning.FindProgressAsync(Profile.UserId, CourseId);
        }
        catch (DomainException refused)
        {
            ModelState.AddDomainErrors(refused, _ => nameof(Email));
        }
    }

    public async Task<IActionResult> OnPostGrantAsync()
    {
        try
        {
            var progress = await records.GrantAttemptAsync(Email ?? "", CourseId ?? "", LessonId ?? "", Reason, User.UserId()!);
            var allowed = progress.Assessments.FirstOrDefault(a => a.LessonId == LessonId)?.AttemptsAllowed;
            StatusMessage = $"{Email} may now make {allowed} attempts at {LessonId}.";
            return RedirectToPage(new { Email, CourseId });
        }
        catch (DomainException refused)
        {
            // Every refusal in the summary: the grant forms sit in table rows with no room for field messages.
            ModelState.AddDomainErrors(refused);
            Reason = null;
            await OnGetAsync();
            return Page();
        }
    }
}
