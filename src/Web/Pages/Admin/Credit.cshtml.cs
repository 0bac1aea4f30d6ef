using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>Gives a user credit for a course (recognised prior learning), with the reason kept in the audit trail.</summary>
public sealed class CreditModel(LearnerRecordService records, CatalogService catalog) : PageModel
{
    public IReadOnlyDictionary<string, string> Courses { get; private set; } = new Dictionary<string, string>();

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? CourseId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync() => Courses = await catalog.CourseTitlesAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            await records.GrantCreditAsync(Email ?? "", CourseId ?? "", Reason ?? "", User.UserId()!);
            StatusMessage = $"{Email} has credit for {CourseId}.";
            return RedirectToPage();
        }
        catch (DomainException refused)
        {
            ModelState.AddDomainErrors(refused, field => field switch { "email" => nameof(Email), "reason" => nameof(Reason), "courseId" => nameof(CourseId), _ => null });
            await OnGetAsync();
            return Page();
        }
    }
}
