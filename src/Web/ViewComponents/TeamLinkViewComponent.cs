using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace CoursePortal.Web.ViewComponents;

/// <summary>The header's "My team" link, shown to people who have reports: being a manager is not a role, so the link
/// follows the org chart rather than the cookie's roles.</summary>
public sealed class TeamLinkViewComponent(TeamService team) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View(UserClaimsPrincipal.UserId() is { } userId && await team.HasReportsAsync(userId));
}
