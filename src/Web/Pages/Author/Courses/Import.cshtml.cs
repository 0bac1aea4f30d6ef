using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>Imports an export ZIP as a new course, or as the draft of an existing one.</summary>
public sealed class ImportModel(CourseService courses) : CourseImportModel(courses)
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

        if (await ImportAsync(id, file, field => field == "id" ? nameof(CourseId) : "file") is null)
        {
            return Page();
        }

        TempData["StatusMessage"] = "Imported as a draft.";
        return RedirectToPage("Edit", new { id });
    }
}
