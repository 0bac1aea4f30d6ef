using System.ComponentModel.DataAnnotations;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Account;

/// <summary>Everyone's own profile: names, bio and image (what a course shows of its instructors), time zone, and whether
/// reminders are mailed.</summary>
public sealed class ProfileModel(UserService users) : PageModel
{
    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    public UserProfile Profile { get; private set; } = null!;

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync()
    {
        Profile = await users.ProfileAsync(User.UserId()!);
        Input = ProfileInput.From(Profile);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            try
            {
                await users.UpdateOwnProfileAsync(User.UserId()!, Input.FirstName, Input.LastName, Input.Bio, Input.ImageUrl, Input.TimeZone, !Input.MailReminders);
                StatusMessage = "Your profile is saved.";
                return RedirectToPage();
            }
            catch (DomainException refused) when (refused.Kind == DomainErrorKind.Invalid)
            {
                ModelState.AddDomainErrors(refused, ProfileInput.FieldName);
            }
        }

        Profile = await users.ProfileAsync(User.UserId()!);
        return Page();
    }
}

/// <summary>The profile form.</summary>
public sealed class ProfileInput
{
    [Required, StringLength(200)]
    [Display(Name = "First name")]
    public string FirstName { get; set; } = "";

    [Required, StringLength(200)]
    [Display(Name = "Last name")]
    public string LastName { get; set; } = "";

    [StringLength(5000)]
    [Display(Name = "Bio (shown on the courses you teach)")]
    public string? Bio { get; set; }

    [Display(Name = "Image URL")]
    public string? ImageUrl { get; set; }

    [Display(Name = "Time zone")]
    public string? TimeZone { get; set; }

    /// <summary>Reminder mails (due soon, certification expiring, recertification open); assignment and overdue notices always go.</summary>
    [Display(Name = "E-mail me reminders")]
    public bool MailReminders { get; set; } = true;

    public static ProfileInput From(UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new()
        {
            FirstName = profile.FirstName, LastName = profile.LastName, Bio = profile.Bio, ImageUrl = profile.ImageUrl, TimeZone = profile.TimeZone,
            MailReminders = !profile.RemindersOff,
        };
    }

    /// <summary>The form field of a refusal's path, e.g. <c>imageUrl</c> → <c>Input.ImageUrl</c>.</summary>
    public static string? FieldName(string path) =>
        typeof(ProfileInput).GetProperties().FirstOrDefault(p => string.Equals(p.Name, path, StringComparison.OrdinalIgnoreCase)) is { } property
            ? $"Input.{property.Name}" : null;
}
