using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Api;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>Imports an export ZIP as a new course, or as the draft of an existing one.</summary>
[RequestSizeLimit(ExportEndpoints.MaxImportBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = ExportEndpoints.MaxImportBytes + (1024 * 1024))]
public sealed class ImportModel(AuthoringService authoring) : PageModel
{
    [BindProperty]
    public string? CourseId { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file)
    {
        var id = CourseId?.Trim() ?? "";
        if (id.Length == 0)
        {
            ModelState.AddModelError(nameof(CourseId), "Give the course an id.");
        }

        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Choose an export ZIP to import.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            await using var zip = file!.OpenReadStream();
            await authoring.ImportCourseAsync(id, zip, User.UserId()!);
            TempData["StatusMessage"] = "Imported as a draft.";
            return RedirectToPage("Edit", new { id });
        }
        catch (DomainException refused)
        {
            ModelState.AddDomainErrors(refused, field => field == "id" ? nameof(CourseId) : "file");
            return Page();
        }
    }
}
