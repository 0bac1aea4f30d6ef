using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Learn;

/// <summary>One package before enrolling: its tree of courses and groups with each rule in words, durations, category,
/// what the learner already has credit for, and the one enroll button; once enrolled, their pinned version's standing.</summary>
public sealed class PackageModel(PackageOfferService offers, EnrollmentService enrollments) : PageModel
{
    public PackageOffer Offer { get; private set; } = null!;

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        try
        {
            Offer = await offers.GetAsync(User.UserId()!, id);
        }
        catch (DomainException missing) when (missing.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostEnrollAsync(string id)
    {
        try
        {
            var enrollment = await enrollments.EnrollAsync(User.UserId()!, id);
            StatusMessage = $"You are enrolled in version {enrollment.Version}.";
        }
        catch (DomainException refused) when (refused.Kind != DomainErrorKind.NotFound)
        {
            StatusMessage = refused.Message;
        }

        return RedirectToPage(new { id });
    }
}
