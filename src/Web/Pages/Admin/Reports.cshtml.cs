using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>A package's report per version (enrolled, in progress, completed, overdue) with charts and a CSV download.</summary>
public sealed class ReportsModel(ReportService reports) : PageModel
{
    public IReadOnlyList<PackageSummary> Packages { get; private set; } = [];

    public string? PackageId { get; private set; }

    public ImmutableArray<PackageVersionReport> Report { get; private set; } = [];

    public IReadOnlyList<DailyCompletions> Daily { get; private set; } = [];

    public async Task OnGetAsync(string? packageId)
    {
        Packages = await reports.ListPackagesAsync();
        PackageId = Packages.Any(p => p.Id == packageId) ? packageId : Packages.Count > 0 ? Packages[0].Id : null;
        if (PackageId is not null)
        {
            Report = await reports.PackageReportAsync(PackageId);
            Daily = await reports.CompletionsPerDayAsync(PackageId);
        }
    }
}
