using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>Assigns a package to many users at once, with a due date, and shows each user's result.</summary>
public sealed class AssignModel(ReportService reports, UserService users, EnrollmentService enrollments) : PageModel
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
        var emails = (Emails ?? "").Split(['\n', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
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

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var results = new List<(string, string, bool)>();
        foreach (var email in emails)
        {
            try
            {
                found[(await users.FindAsync(email)).UserId] = email;
            }
            catch (DomainException unknown)
            {
                results.Add((email, unknown.Message, false));
            }
        }

        if (found.Count > 0)
        {
            try
            {
                var due = DueDate is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : (DateTimeOffset?)null;
                foreach (var r in await enrollments.AssignAsync(PackageId!, found.Keys, due, User.UserId()!))
                {
                    results.Add((found[r.UserId], r.Enrollment is { } e ? $"enrolled in version {e.Version}" : r.Error ?? "refused", r.Enrollment is not null));
                }
            }
            catch (DomainException refused)
            {
                ModelState.AddDomainErrors(refused);
            }
        }

        Results = results;
        return Page();
    }
}
