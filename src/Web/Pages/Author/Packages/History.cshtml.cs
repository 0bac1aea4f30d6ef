using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author.Packages;

/// <summary>Every version of a package with its counts, and what changed between any two of them.</summary>
public sealed class HistoryModel(AuthoringService authoring) : PageModel
{
    public PackageEditing Package { get; private set; } = null!;

    public PackageDiff? Diff { get; private set; }

    public int From { get; private set; }

    public int To { get; private set; }

    public async Task OnGetAsync(string id, int? from, int? to)
    {
        Package = await authoring.GetPackageAsync(id);
        var numbers = Package.History.Select(v => v.Number).ToList();
        To = to ?? numbers[^1];
        From = from ?? Package.Active?.Number ?? numbers[0];
        if (From == To && from is null && numbers.Count > 1)
        {
            From = numbers[^2];
        }

        if (From != To)
        {
            Diff = await authoring.DiffPackageAsync(id, From, To);
        }
    }
}
