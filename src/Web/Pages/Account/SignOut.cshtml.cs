using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Account;

/// <summary>Signing out is a POST (with antiforgery), so a link on another site cannot sign anyone out.</summary>
public sealed class SignOutModel(SignInSessions sessions) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        // Ends the session on the server too: a copy of the cookie no longer signs anyone in.
        await sessions.SignOutAsync(HttpContext);
        return RedirectToPage("/Index");
    }
}
