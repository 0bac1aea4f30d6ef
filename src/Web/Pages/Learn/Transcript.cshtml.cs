using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Learn;

/// <summary>The signed-in learner's own transcript, now or as of a chosen day, from the audit trail.</summary>
public sealed class TranscriptModel(ReportService reports) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? AsOf { get; set; }

    /// <summary>Only what the portal had recorded by the end of this day counts.</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? KnownAsOf { get; set; }

    public Transcript Transcript { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        Transcript = await reports.TranscriptAsync(User.UserId()!, EndOf(AsOf), EndOf(KnownAsOf));
    }

    // A chosen day means "as of the end of that day" (UTC).
    private static DateTimeOffset? EndOf(DateOnly? day) => day is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero) : null;
}
