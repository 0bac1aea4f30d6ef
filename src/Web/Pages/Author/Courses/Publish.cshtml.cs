using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>The publish dialog: what publishing the draft will do, who it affects, and whether it may go out.</summary>
public sealed class PublishModel(AuthoringService authoring, IConfiguration configuration) : PageModel
{
    public CourseEditing Course { get; private set; } = null!;

    /// <summary>What keeps the draft from being published (the publish rules), empty when it is ready.</summary>
    public IReadOnlyList<FieldError> Problems { get; private set; } = [];

    public CourseVersionLearners? ActiveLearners { get; private set; }

    /// <summary>Four-eyes is on and the signed-in approver last edited the draft.</summary>
    public bool NeedsSecondPerson { get; private set; }

    public bool FourEyes => configuration.GetValue<bool>("Publishing:RequireSecondPerson");

    [BindProperty]
    public PublishInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        Course = await authoring.GetCourseAsync(id);
        if (Course.Draft is not { } draft)
        {
            StatusMessage = "There is no draft to publish.";
            return RedirectToPage("Edit", new { id });
        }

        Problems = CourseValidation.ValidateForPublish(id, draft.Content);
        NeedsSecondPerson = FourEyes && draft.UpdatedBy == User.UserId();
        if (Course.Active is { } active)
        {
            ActiveLearners = (await authoring.GetCourseLearnersAsync(id)).GetValueOrDefault(active.Number) ?? new CourseVersionLearners(active.Number, 0, 0);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var published = await authoring.PublishCourseAsync(id, Input.ToRequest(), User.UserId()!);
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
