using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Pages.Author.Packages;

/// <summary>Every version of a package with its counts, and what changed between any two of them.</summary>
public sealed class HistoryModel(PackageService packages) : VersionHistoryModel<PackageDiff>
{
    public PackageEditing Package { get; private set; } = null!;

    public async Task OnGetAsync(string id, int? from, int? to)
    {
        Package = await packages.GetAsync(id);
        var numbers = Package.History.Select(v => v.Number).ToList();
        await CompareAsync(numbers, Package.Active?.Number ?? numbers[0], from, to, (a, b) => packages.DiffAsync(id, a, b));
    }
}
