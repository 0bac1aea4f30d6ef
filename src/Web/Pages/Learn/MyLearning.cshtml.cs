using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Learn;

/// <summary>The signed-in learner's own enrollments: progress, due dates, and each requirement's state.</summary>
public sealed class MyLearningModel(CatalogService catalog, EnrollmentService enrollments) : PageModel
{
    public IReadOnlyList<PackageEnrollmentView> Enrollments { get; private set; } = [];

    /// <summary>Course and package titles by id, so the page names things as people know them.</summary>
    public IReadOnlyDictionary<string, string> Titles { get; private set; } = new Dictionary<string, string>();

    /// <summary>The user's completions: credit that was not earned in the portal is marked on the page.</summary>
    public IReadOnlyDictionary<string, CourseCompletion> Completions { get; private set; } = new Dictionary<string, CourseCompletion>();

    public IReadOnlyList<CourseProgress> Courses { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync()
    {
        var own = await enrollments.GetOwnAsync(User.UserId()!);
        (Enrollments, Courses, Completions) = (own.Packages, own.Courses, own.Completions);
        Titles = await catalog.TitlesAsync(Enrollments.SelectMany(e => e.Requirement.CourseIds().Append(e.PackageId))
            .Concat(Courses.Select(c => c.CourseId)));
    }

    public string Title(string id) => Titles.GetValueOrDefault(id, id);
}
