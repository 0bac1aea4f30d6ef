using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author;

/// <summary>Every course and package with its versions at a glance.</summary>
public sealed class IndexModel(CourseService courses, PackageService packages, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AuthoredItem> Courses { get; private set; } = [];

    public IReadOnlyList<AuthoredItem> Packages { get; private set; } = [];

    public string BadgeText(AuthoredVersion version) => VersionBadge.Text(version, clock.GetUtcNow());

    public async Task OnGetAsync()
    {
        Courses = await courses.ListAuthoredAsync();
        Packages = await packages.ListAuthoredAsync();
    }
}
