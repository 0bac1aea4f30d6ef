using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Learn;

/// <summary>The signed-in learner's own transcript, now or as of a chosen day, from the audit trail.</summary>
public sealed class TranscriptModel(IGrainFactory grains) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? AsOf { get; set; }

    /// <summary>Only what the portal had recorded by the end of this day counts.</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? KnownAsOf { get; set; }

    public Transcript Transcript { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var now = DateTimeOffset.UtcNow;
        Transcript = await grains.GetGrain<IAuditGrain>(GrainKeys.Audit).GetTranscriptAsync(User.UserId()!, EndOf(AsOf) ?? now, EndOf(KnownAsOf) ?? now);
    }

    // A chosen day means "as of the end of that day" (UTC).
    private static DateTimeOffset? EndOf(DateOnly? day) => day is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero) : null;
}
