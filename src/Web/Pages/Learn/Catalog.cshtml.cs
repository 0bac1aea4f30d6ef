using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Learn;

public sealed class CatalogModel(CatalogService catalog) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<CourseSummary> Courses { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Courses = await catalog.ListCoursesAsync(new CatalogQuery(string.IsNullOrWhiteSpace(Q) ? null : Q.Trim()));
    }
}
