using System.ComponentModel.DataAnnotations;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Account;

public sealed class ChangePasswordModel(AccountService accounts) : PageModel
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

        if (!await accounts.ChangePasswordAsync(User.UserId()!, Input.CurrentPassword, Input.NewPassword))
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.CurrentPassword)}", "The current password is wrong.");
            return Page();
        }

        StatusMessage = "Your password has been changed.";
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
