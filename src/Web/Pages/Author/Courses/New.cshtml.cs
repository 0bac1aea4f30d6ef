using System.ComponentModel.DataAnnotations;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>Starts a course: its permanent id and a title make draft version 1.</summary>
public sealed class NewModel(CourseService courses) : PageModel
{
    [BindProperty]
    public NewCourseInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            await courses.CreateAsync(Input.Id.Trim(), new CourseContent(Input.Title.Trim()), User.UserId()!);
            return RedirectToPage("Edit", new { id = Input.Id.Trim() });
        }
        catch (DomainException refused)
        {
            ModelState.AddDomainErrors(refused, field => field switch
            {
                "id" => "Input.Id",
                "title" => "Input.Title",
                _ => refused.Code == "exists" || refused.Kind == DomainErrorKind.Conflict ? "Input.Id" : null,
            });
            return Page();
        }
    }
}

public sealed class NewCourseInput
{
    [Required, Display(Name = "Course id (lower-case letters, digits, '-' or '_'; it never changes)")]
    public string Id { get; set; } = "";

    [Required, StringLength(CourseValidation.MaxTitleLength)]
    public string Title { get; set; } = "";
}
