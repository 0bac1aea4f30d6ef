using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>Assigns a package to many users at once, with a due date, and shows each user's result.</summary>
public sealed class AssignModel(ReportService reports, EnrollmentService enrollments) : PageModel
{
    public IReadOnlyList<PackageSummary> Packages { get; private set; } = [];

    /// <summary>Each listed address with what happened: the pinned version, or why not.</summary>
    public IReadOnlyList<(string Email, string Outcome, bool Ok)> Results { get; private set; } = [];

    [BindProperty]
    public string? PackageId { get; set; }

    [BindProperty]
    public string? Emails { get; set; }

    [BindProperty]
    public DateTime? DueDate { get; set; }

    public async Task OnGetAsync() => Packages = [.. (await reports.ListPackagesAsync()).Where(p => p.ActiveVersion > 0)];

    public async Task<IActionResult> OnPostAsync()
    {
        await OnGetAsync();
        var emails = ParseEmails(Emails);
        Validate(emails);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var due = DueDate is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : (DateTimeOffset?)null;
            Results = [.. (await enrollments.AssignByEmailAsync(PackageId!, emails, due, User.UserId()!))
                .Select(r => (r.Email, r.Enrollment is { } e ? $"enrolled in version {e.Version}" : r.Error ?? "refused", r.Enrollment is not null))];
        }
        catch (DomainException refused)
        {
            ModelState.AddDomainErrors(refused);
        }

        return Page();
    }

    // One address a line, or separated by commas or semicolons as pasted from a mail client; each once.
    private static List<string> ParseEmails(string? text) =>
        [.. (text ?? "").Split(['\n', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];

    private void Validate(List<string> emails)
    {
        if (emails.Count == 0)
        {
            ModelState.AddModelError(nameof(Emails), "List at least one e-mail address.");
        }
        else if (emails.Count > EnrollmentService.MaxUsersPerAssignment)
        {
            ModelState.AddModelError(nameof(Emails), $"Assign at most {EnrollmentService.MaxUsersPerAssignment} users at a time.");
        }

        if (string.IsNullOrEmpty(PackageId))
        {
            ModelState.AddModelError(nameof(PackageId), "Choose a package.");
        }
    }
}
