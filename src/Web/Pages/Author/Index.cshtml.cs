using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author;

/// <summary>Every course and package with its versions, split by state (drafts, scheduled, active, archived), each row
/// with its actions.</summary>
public sealed class IndexModel(CourseService courses, PackageService packages, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AuthoredItem> Courses { get; private set; } = [];

    public IReadOnlyList<AuthoredItem> Packages { get; private set; } = [];

    public string BadgeText(AuthoredVersion version) => VersionBadge.Text(version, clock.GetUtcNow());

    /// <summary>The section headings, in order.</summary>
    public static string SectionName(AuthoredState state) => state switch
    {
        AuthoredState.Draft => "Drafts",
        AuthoredState.Scheduled => "Scheduled",
        AuthoredState.Active => "Active",
        _ => "Archived",
    };

    public async Task OnGetAsync()
    {
        Courses = await courses.ListAuthoredAsync();
        Packages = await packages.ListAuthoredAsync();
    }
}
