using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Account;

public sealed class DeniedModel : PageModel
{
    public void OnGet()
    {
    }
}
