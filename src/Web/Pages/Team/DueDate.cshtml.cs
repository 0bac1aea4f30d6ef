using System.ComponentModel.DataAnnotations;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Team;

/// <summary>Changing the due date of someone's open enrollment: an admin anyone's, a manager the people below them
/// (<see cref="EnrollmentService.ChangeDueDateAsync"/>). Their notices are planned again from the new date.</summary>
public sealed class DueDateModel(EnrollmentService enrollments, CatalogService catalog) : PageModel
{
    [BindProperty(SupportsGet = true)]
    [Required]
    public string PackageId { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    [Required]
    public string UserId { get; set; } = "";

    /// <summary>The new due date (UTC); empty for none.</summary>
    [BindProperty]
    [Display(Name = "Due (UTC)")]
    public DateTime? DueDate { get; set; }

    public PackageEnrollmentView? Enrollment { get; private set; }

    public string PackageTitle { get; private set; } = "";

    public string? StatusMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is { } refused)
        {
            return refused;
        }

        DueDate = Enrollment!.DueAt?.UtcDateTime;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } refused)
        {
            return refused;
        }

        try
        {
            var due = DueDate is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : (DateTimeOffset?)null;
            Enrollment = await enrollments.ChangeDueDateAsync(PackageId, UserId, due, User.UserId()!, User.IsInRole(Policies.Admin));
            StatusMessage = Enrollment.DueAt is { } now ? $"Due {now:yyyy-MM-dd HH:mm} UTC now; their reminders follow the new date." : "No due date now.";
        }
        catch (DomainException invalid) when (invalid.Kind is not (DomainErrorKind.Forbidden or DomainErrorKind.NotFound))
        {
            ModelState.AddDomainErrors(invalid, field => field == "dueDate" ? nameof(DueDate) : null);
        }

        return Page();
    }

    // The enrollment as the caller may see it: 404 for a look-alike id or someone not enrolled, 403 for someone not below them.
    private async Task<IActionResult?> LoadAsync()
    {
        try
        {
            Enrollment = await enrollments.GetManagedEnrollmentAsync(PackageId, UserId, User.UserId()!, User.IsInRole(Policies.Admin));
            PackageTitle = (await catalog.TitlesAsync([PackageId])).GetValueOrDefault(PackageId, PackageId);
            return null;
        }
        catch (DomainException refused) when (refused.Kind is DomainErrorKind.NotFound or DomainErrorKind.Invalid)
        {
            return NotFound();
        }
        catch (DomainException refused) when (refused.Kind == DomainErrorKind.Forbidden)
        {
            return Forbid();
        }
    }
}
