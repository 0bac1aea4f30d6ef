using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Learn;

/// <summary>Active packages with their rules in plain words, and self-enrollment.</summary>
public sealed class PackagesModel(CatalogService catalog, EnrollmentService enrollments) : PageModel
{
    public IReadOnlyList<(ContentVersion<PackageContent> Version, string Rule)> Packages { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync()
    {
        var titles = (await catalog.ListCoursesAsync(new CatalogQuery(IncludeUnpublished: true))).ToDictionary(c => c.Id, c => c.Title, StringComparer.Ordinal);
        Packages = [.. (await enrollments.ListOfferedPackagesAsync()).Select(v =>
            (v, RequirementWording.Describe(v.Content.Requirement, id => titles.GetValueOrDefault(id, id))))];
    }

    public async Task<IActionResult> OnPostEnrollAsync(string packageId)
    {
        try
        {
            var enrollment = await enrollments.EnrollAsync(User.UserId()!, packageId);
            StatusMessage = $"You are enrolled in version {enrollment.Version}.";
            return RedirectToPage("MyLearning");
        }
        catch (DomainException refused)
        {
            StatusMessage = refused.Message;
            return RedirectToPage();
        }
    }
}
