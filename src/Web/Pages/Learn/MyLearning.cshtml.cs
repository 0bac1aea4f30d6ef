using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Learn;

/// <summary>The signed-in learner's own enrollments: progress, due dates, and each requirement's state.</summary>
public sealed class MyLearningModel(IGrainFactory grains) : PageModel
{
    public IReadOnlyList<PackageEnrollmentView> Enrollments { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync()
    {
        var userId = User.UserId()!;
        var packages = await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).GetPackageEnrollmentsAsync();
        Enrollments = await Task.WhenAll(packages.Select(p => grains.GetGrain<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(userId, p)).GetAsync()));
    }
}
