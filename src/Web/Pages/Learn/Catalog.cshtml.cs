using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Learn;

public sealed class CatalogModel(CatalogService catalog) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Tag { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Suite { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Concept { get; set; }

    public IReadOnlyList<CourseSummary> Courses { get; private set; } = [];

    /// <summary>The choices of each filter, from every published course.</summary>
    public (IReadOnlyList<string> Tags, IReadOnlyList<string> Suites, IReadOnlyList<string> Concepts) Choices { get; private set; } = ([], [], []);

    public bool Filtered => new[] { Q, Tag, Suite, Concept }.Any(v => !string.IsNullOrWhiteSpace(v));

    public async Task OnGetAsync()
    {
        var all = await catalog.ListCoursesAsync(CatalogQuery.All);
        Choices = (
            [.. all.SelectMany(c => c.Tags).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)],
            [.. all.Select(c => c.ProductSuite).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)],
            [.. all.Select(c => c.ProductConcept).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)]);
        var query = CatalogQuery.Typed(Q, Tag, Suite, Concept);
        Courses = [.. all.Where(query.Matches)];
    }
}
