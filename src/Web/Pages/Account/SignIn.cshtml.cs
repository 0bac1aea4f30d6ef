using System.ComponentModel.DataAnnotations;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CoursePortal.Web.Pages.Account;

[EnableRateLimiting(SecurityExtensions.SignInRateLimit)]
public sealed class SignInModel(AccountService accounts, SignInSessions sessions, OpenIdConnectSettings openIdConnect, FirstAdministrator firstAdministrator) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The identity provider's button text, when one is configured.</summary>
    public string? ExternalProvider => openIdConnect.Enabled ? openIdConnect.DisplayName : null;

    /// <summary>No administrator exists yet: the page tells whoever opens it how the operator creates one.</summary>
    public bool NoAdministrator { get; private set; }

    public async Task OnGetAsync() => NoAdministrator = await firstAdministrator.IsMissingAsync();

    /// <summary>Hands the user to the company identity provider; it returns them signed in.</summary>
    public IActionResult OnPostExternal() => openIdConnect.Enabled
        ? Challenge(new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/" }, ExternalSignIn.Scheme)
        : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        NoAdministrator = await firstAdministrator.IsMissingAsync();
        if (!ModelState.IsValid)
        {
            return Page();
        }

        UserProfile? profile;
        try
        {
            profile = await accounts.VerifyAsync(Input.Email, Input.Password, AccountService.ClientAddress(HttpContext));
        }
        catch (DomainException locked) when (locked.Code == ErrorCodes.LockedOut)
        {
            ModelState.AddModelError(string.Empty, locked.Message);
            return Page();
        }

        if (profile is null)
        {
            ModelState.AddModelError(string.Empty, "The e-mail address or password is wrong.");
            return Page();
        }

        try
        {
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, await sessions.PrincipalAsync(profile));
        }
        catch (DomainException deactivated) when (deactivated.Code == ErrorCodes.AccountDeactivated)
        {
            ModelState.AddModelError(string.Empty, deactivated.Message);
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    public sealed class InputModel
    {
        [Required]
        [EmailAddress]
        [Display(Name = "E-mail address")]
        public string Email { get; set; } = "";

        [Required]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }
}
