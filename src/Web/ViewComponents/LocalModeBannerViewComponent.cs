using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace CoursePortal.Web.ViewComponents;

/// <summary>The banner every page shows in local mode, so nobody mistakes it for the real portal.</summary>
public sealed class LocalModeBannerViewComponent(PortalMode mode) : ViewComponent
{
    public IViewComponentResult Invoke() => View(mode);
}
