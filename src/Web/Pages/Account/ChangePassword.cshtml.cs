using System.ComponentModel.DataAnnotations;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Account;

public sealed class ChangePasswordModel(AccountService accounts, SignInSessions sessions) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

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
            if (!await accounts.ChangePasswordAsync(User.UserId()!, Input.CurrentPassword, Input.NewPassword))
            {
                ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.CurrentPassword)}", "The current password is wrong.");
                return Page();
            }
        }
        catch (DomainException refusal) when (refusal.Code == ErrorCodes.WeakPassword)
        {
            foreach (var error in refusal.Errors)
            {
                ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.NewPassword)}", error.Message);
            }

            return Page();
        }

        // Every session ended with the change (a stolen cookie too); this one continues under a new sign-in, whose
        // principal also refreshes what this process remembers of the user's sessions.
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, await sessions.PrincipalAsync(await accounts.ProfileAsync(User.UserId()!)));
        StatusMessage = "Your password has been changed. You were signed out everywhere else.";
        return RedirectToPage();
    }

    public sealed class InputModel
    {
        [Required]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";

        [Required]
        [StringLength(200, MinimumLength = AccountService.MinPasswordLength, ErrorMessage = "A password has at least {2} characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string NewPassword { get; set; } = "";

        [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords differ.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password again")]
        public string ConfirmPassword { get; set; } = "";
    }
}
