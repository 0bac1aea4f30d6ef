using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author;

/// <summary>Every course and package with its versions at a glance.</summary>
public sealed class IndexModel(AuthoringService authoring) : PageModel
{
    public IReadOnlyList<AuthoredItem> Courses { get; private set; } = [];

    public IReadOnlyList<AuthoredItem> Packages { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Courses = await authoring.ListCoursesAsync();
        Packages = await authoring.ListPackagesAsync();
    }
}
