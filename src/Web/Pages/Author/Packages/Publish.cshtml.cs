using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author.Packages;

/// <summary>The package publish dialog: what publishing does, the learners on the current version, and four-eyes.</summary>
public sealed class PublishModel(AuthoringService authoring, IConfiguration configuration) : PageModel
{
    public PackageEditing Package { get; private set; } = null!;

    public IReadOnlyList<FieldError> Problems { get; private set; } = [];

    public PackageDiff? Changes { get; private set; }

    public bool NeedsSecondPerson { get; private set; }

    public bool FourEyes => configuration.GetValue<bool>("Publishing:RequireSecondPerson");

    [BindProperty]
    public PublishInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        Package = await authoring.GetPackageAsync(id);
        if (Package.Draft is not { } draft)
        {
            StatusMessage = "There is no draft to publish.";
            return RedirectToPage("Edit", new { id });
        }

        Problems = PackageContent.Validate(id, draft.Content);
        NeedsSecondPerson = FourEyes && draft.UpdatedBy == User.UserId();
        if (Package.Active is { } active)
        {
            Changes = await authoring.DiffPackageAsync(id, active.Number, draft.Number);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var published = await authoring.PublishPackageAsync(id, Input.ToRequest(), User.UserId()!);
                StatusMessage = published.EffectiveDate > published.PublishedAt
                    ? $"Version {published.Number} is scheduled to become active on {published.EffectiveDate:yyyy-MM-dd HH:mm} UTC."
                    : $"Version {published.Number} is published and active.";
                return RedirectToPage("Edit", new { id });
            }
            catch (DomainException refused)
            {
                ModelState.AddDomainErrors(refused, PublishInput.FieldName);
            }
        }

        return await OnGetAsync(id);
    }
}
