using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
