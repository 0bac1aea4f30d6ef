using System.ComponentModel.DataAnnotations;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author.Packages;

/// <summary>Starts a package: its permanent id, a name and its first courses make draft version 1.</summary>
public sealed class NewModel(PackageService packages, CatalogService catalog) : PageModel
{
    [BindProperty]
    public NewPackageInput Input { get; set; } = new();

    public IReadOnlyDictionary<string, string> CourseTitles { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync() => CourseTitles = await catalog.CourseTitlesAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (Input.CourseIds.Length == 0)
        {
            ModelState.AddModelError("Input.CourseIds", "Choose at least one course; more courses and groups can be added next.");
        }

        if (ModelState.IsValid)
        {
            try
            {
                await packages.CreateAsync(Input.Id.Trim(), Input.ToContent(), User.UserId()!);
                return RedirectToPage("Edit", new { id = Input.Id.Trim() });
            }
            catch (DomainException refused)
            {
                ModelState.AddDomainErrors(refused, field => field switch
                {
                    "id" => "Input.Id",
                    "name" => "Input.Name",
                    _ when field.StartsWith(ErrorCodes.EmptyRoot, StringComparison.Ordinal) || field.StartsWith("requirement", StringComparison.Ordinal) => "Input.CourseIds",
                    _ => refused.Kind == DomainErrorKind.Conflict ? "Input.Id" : null,
                });
            }
        }

        await OnGetAsync();
        return Page();
    }
}

public sealed class NewPackageInput
{
    [Required, Display(Name = "Package id (lower-case letters, digits, '-' or '_'; it never changes)")]
    public string Id { get; set; } = "";

    [Required, StringLength(RequirementValidation.MaxNameLength)]
    public string Name { get; set; } = "";

    [Display(Name = "Courses (all required at first)")]
    public string[] CourseIds { get; set; } = [];

    /// <summary>Draft version 1: the name and every chosen course required.</summary>
    public PackageContent ToContent() =>
        new(Name.Trim(), null, null, RequirementNode.Set(null, SetMode.All, CourseIds.Select(c => RequirementNode.Course(c))));
}
