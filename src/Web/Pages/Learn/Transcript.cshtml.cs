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

    public Transcript Transcript { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        // A chosen day means "as of the end of that day" (UTC).
        var instant = AsOf is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero) : DateTimeOffset.UtcNow;
        Transcript = await grains.GetGrain<IAuditGrain>(GrainKeys.Audit).GetTranscriptAsync(User.UserId()!, instant);
    }
}
