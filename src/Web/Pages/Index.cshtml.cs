using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages;

/// <summary>The start page: the welcome for visitors; for a signed-in learner what they have to do, where to continue,
/// expiring certifications and recent completions.</summary>
public sealed class IndexModel(LearnerHomeService home) : PageModel
{
    /// <summary>Null for an anonymous visitor.</summary>
    public LearnerHome? Home { get; private set; }

    public async Task OnGetAsync()
    {
        if (User.UserId() is { } userId)
        {
            Home = await home.GetAsync(userId);
        }
    }
}
