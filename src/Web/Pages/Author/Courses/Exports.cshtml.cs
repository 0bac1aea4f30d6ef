using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Web.Api;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>A course's exports (start one, follow its status, download the ZIP) and import of a ZIP as its draft.</summary>
public sealed class ExportsModel(CourseService courses) : CourseImportModel(courses)
{
    public CourseEditing Course { get; private set; } = null!;

    public ImmutableArray<CourseExport> Exports { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(string id)
    {
        Course = await Courses.GetAsync(id);
        Exports = await Courses.ListExportsAsync(id);
    }

    public async Task<IActionResult> OnPostExportAsync(string id, int version)
    {
        try
        {
            var export = await Courses.StartExportAsync(id, version, User.UserId()!);
            // A version has one live export: a repeated request gets the one under way, or the finished ZIP, back.
            StatusMessage = export.Status == ExportStatus.Completed
                ? $"Version {export.Version} is already exported: download it below."
                : $"Export of version {export.Version} is under way; refresh to follow it.";
            return RedirectToPage(new { id });
        }
        catch (DomainException refused)
        {
            ModelState.AddDomainErrors(refused);
            await OnGetAsync(id);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostImportAsync(string id, IFormFile? file)
    {
        if (file is { Length: > ExportEndpoints.MaxImportBytes })
        {
            ModelState.AddModelError("file", $"An import is at most {ExportEndpoints.MaxImportBytes / (1024 * 1024)} MB.");
        }
        else if (await ImportAsync(id, file, _ => "file") is { } draft)
        {
            StatusMessage = $"Imported as the draft, version {draft.Number}.";
            return RedirectToPage("Edit", new { id });
        }

        await OnGetAsync(id);
        return Page();
    }
}
