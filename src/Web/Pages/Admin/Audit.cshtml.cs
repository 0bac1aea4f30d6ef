using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>An auditor's question: what was this user assigned, and what had they completed, at that instant?</summary>
public sealed class AuditModel(UserService users, ReportService reports, TimeProvider clock) : PageModel
{
    public string? Email { get; private set; }

    public DateTime AsOf { get; private set; }

    public DateTime KnownAsOf { get; private set; }

    public UserProfile? Profile { get; private set; }

    public Transcript? Transcript { get; private set; }

    public async Task OnGetAsync(string? email, DateTime? asOf, DateTime? knownAsOf)
    {
        Email = email;
        AsOf = asOf ?? clock.GetUtcNow().UtcDateTime;
        KnownAsOf = knownAsOf ?? clock.GetUtcNow().UtcDateTime;
        if (string.IsNullOrWhiteSpace(email))
        {
            return;
        }

        try
        {
            Profile = await users.FindAsync(email);
            Transcript = await reports.TranscriptAsync(Profile.UserId, Utc(AsOf), Utc(KnownAsOf));
        }
        catch (DomainException refused)
        {
            ModelState.AddDomainErrors(refused, _ => "email");
        }
    }

    private static DateTimeOffset Utc(DateTime instant) => new(DateTime.SpecifyKind(instant, DateTimeKind.Utc));
}
