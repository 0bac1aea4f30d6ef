using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>Moves an older version's learners, chosen by status, to the package's active version, and follows the move.</summary>
public sealed class MoveModel(MoveService moves) : PageModel
{
    public IReadOnlyList<PackageSummary> Packages { get; private set; } = [];

    public MigrationStatus? Move { get; private set; }

    [BindProperty]
    public string? PackageId { get; set; }

    [BindProperty]
    public int FromVersion { get; set; } = 1;

    [BindProperty]
    public EnrollmentStatus[] Statuses { get; set; } = [EnrollmentStatus.NotStarted];

    public async Task OnGetAsync(string? migration)
    {
        Packages = await moves.MovablePackagesAsync();
        if (!string.IsNullOrEmpty(migration) && Ids.IsValid(migration))
        {
            Move = await moves.GetAsync(migration);
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var started = await moves.StartAsync(PackageId ?? "", FromVersion, Statuses, User.UserId()!);
            return RedirectToPage(new { migration = started.MigrationId });
        }
        catch (DomainException refused)
        {
            ModelState.AddDomainErrors(refused, field => field == "statuses" ? nameof(Statuses) : null);
            await OnGetAsync(null);
            return Page();
        }
    }
}
