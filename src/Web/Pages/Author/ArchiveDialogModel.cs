using System.ComponentModel.DataAnnotations;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Versioning;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author;

/// <summary>What the course and package archive dialogs share: what archiving will do and to how many learners, the
/// reason, and the archive with its outcome. Each dialog loads its own subject and learner counts.</summary>
public abstract class ArchiveDialogModel : PageModel
{
    /// <summary>The title of the course or package.</summary>
    public string Title { get; protected set; } = "";

    /// <summary>The active version, the one archiving retires; null when nothing is active.</summary>
    public int? ActiveVersion { get; protected set; }

    /// <summary>Learners on the active version who have not finished it: they keep it and can still finish it.</summary>
    public int MidWay { get; protected set; }

    /// <summary>Learners mid-way on older versions, which archiving does not touch either.</summary>
    public int MidWayOnOlderVersions { get; protected set; }

    /// <summary>A version waiting for its effective date: archiving is refused until its publish is cancelled.</summary>
    public VersionInfo? Scheduled { get; protected set; }

    [BindProperty]
    public ArchiveInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        await LoadAsync(id);
        if (ActiveVersion is null)
        {
            StatusMessage = "No version is active, so there is nothing to archive.";
            return RedirectToPage("Edit", new { id });
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var archived = await ArchiveAsync(id, Input.Reason ?? "");
                StatusMessage = $"Version {archived} is archived: nobody new can start it, and it has left the catalog. To bring it back, create a new version from it.";
                return RedirectToPage("Edit", new { id });
            }
            catch (DomainException refused) when (refused.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
            {
                ModelState.AddDomainErrors(refused, path => path == "reason" ? "Input.Reason" : null);
            }
        }

        await LoadAsync(id);
        return Page();
    }

    /// <summary>Loads the subject's title, active and scheduled versions and learner counts.</summary>
    protected abstract Task LoadAsync(string id);

    /// <summary>Archives the active version and answers its number.</summary>
    protected abstract Task<int> ArchiveAsync(string id, string reason);
}

/// <summary>The archive dialog's form.</summary>
public sealed class ArchiveInput
{
    [Required(ErrorMessage = "Say why: admins and auditors read the reason."), StringLength(PublishRequest.MaxReasonLength)]
    [Display(Name = "Reason for archiving")]
    public string? Reason { get; set; }
}
