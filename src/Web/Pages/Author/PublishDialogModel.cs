using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author;

/// <summary>What the course and package publish dialogs share: the form, the draft's problems, the four-eyes notice,
/// the publish and its outcome message. Each dialog loads what its publish will affect.</summary>
public abstract class PublishDialogModel<TContent>(IConfiguration configuration) : PageModel
{
    /// <summary>What keeps the draft from being published, empty when it is ready.</summary>
    public IReadOnlyList<FieldError> Problems { get; private set; } = [];

    /// <summary>Four-eyes is on and the signed-in approver last edited the draft.</summary>
    public bool NeedsSecondPerson { get; private set; }

    public bool FourEyes => configuration.GetValue<bool>("Publishing:RequireSecondPerson");

    [BindProperty]
    public PublishInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await LoadAsync(id) is not { } draft)
        {
            StatusMessage = "There is no draft to publish.";
            return RedirectToPage("Edit", new { id });
        }

        Problems = Validate(id, draft.Content);
        NeedsSecondPerson = FourEyes && draft.UpdatedBy == User.UserId();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var published = await PublishAsync(id, Input.ToRequest());
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

    /// <summary>Cancels the publish waiting for its effective date (posted from the editor and the overview; this page is
    /// the approvers' own). The outcome, or why nothing was cancelled, is shown on the editor.</summary>
    public async Task<IActionResult> OnPostCancelScheduledAsync(string id, string? reason)
    {
        try
        {
            var cancelled = await CancelScheduledAsync(id, reason);
            StatusMessage = $"The publish of version {cancelled.Number} is cancelled: it will not become active. A new version can be created from it.";
        }
        catch (DomainException refused) when (refused.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            StatusMessage = refused.Message;
        }

        return RedirectToPage("Edit", new { id });
    }

    /// <summary>Loads the dialog's data and answers the draft, or null when there is none.</summary>
    protected abstract Task<ContentVersion<TContent>?> LoadAsync(string id);

    /// <summary>The publish rules' objections to the draft.</summary>
    protected abstract IReadOnlyList<FieldError> Validate(string id, TContent draft);

    protected abstract Task<ContentVersion<TContent>> PublishAsync(string id, PublishRequest request);

    protected abstract Task<ContentVersion<TContent>> CancelScheduledAsync(string id, string? reason);
}
