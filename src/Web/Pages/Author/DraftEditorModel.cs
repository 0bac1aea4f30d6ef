using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Versioning;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author;

/// <summary>What the course and package editors share: one change per form post, answered with a redirect (or the
/// auto-save script's JSON), and a refusal shown on the page again. Each editor says how it saves, loads and shows.</summary>
public abstract class DraftEditorModel<TContent> : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>Applies <paramref name="edit"/> to the draft. <paramref name="details"/> marks the details form, the only
    /// one that binds the page's input; the other forms' missing fields must not count against them.</summary>
    protected async Task<IActionResult> EditAsync(string id, long revision, Func<TContent, TContent> edit, string done, bool details = false)
    {
        if (!details)
        {
            ModelState.Clear();
        }

        if (ModelState.IsValid)
        {
            try
            {
                var saved = await SaveDraftAsync(id, revision, edit);
                if (AutoSave.WantsJson(Request))
                {
                    return AutoSave.Saved(saved.UpdatedAt);
                }

                StatusMessage = done;
                return RedirectToPage(new { id });
            }
            catch (DomainException refused)
            {
                Show(refused, details);
            }
        }

        if (AutoSave.WantsJson(Request))
        {
            return AutoSave.Refused(ModelState);
        }

        await LoadAsync(id, keepInput: details);
        return Page();
    }

    /// <summary>A version action (create a draft, discard it) answered with a redirect, or the page with the refusal.</summary>
    protected async Task<IActionResult> ActAsync(string id, Func<Task> action, string done)
    {
        try
        {
            await action();
            StatusMessage = done;
            return RedirectToPage(new { id });
        }
        catch (DomainException refused) when (ShowsOnPage(refused))
        {
            Show(refused, details: false);
            await LoadAsync(id, keepInput: false);
            return Page();
        }
    }

    protected abstract Task<ContentVersion<TContent>> SaveDraftAsync(string id, long revision, Func<TContent, TContent> edit);

    /// <summary>Puts a refusal's messages where the page shows them.</summary>
    protected abstract void Show(DomainException refused, bool details);

    /// <summary>Loads what the page shows; the details form's input is refilled from the draft unless <paramref name="keepInput"/>.</summary>
    protected abstract Task LoadAsync(string id, bool keepInput);

    /// <summary>Which refusals of a version action the page shows; the others go to the error page.</summary>
    protected virtual bool ShowsOnPage(DomainException refused) => true;
}
