using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author.Packages;

/// <summary>A version's requirement tree as a learner with the ticked completions would see it; no one is enrolled.</summary>
public sealed class PreviewModel(PackageService packages, CatalogService catalog, TimeProvider clock) : PageModel
{
    public ContentVersion<PackageContent> Version { get; private set; } = null!;

    public Evaluation Evaluation { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> CourseTitles { get; private set; } = new Dictionary<string, string>();

    public IReadOnlySet<string> Completed { get; private set; } = new HashSet<string>();

    public string Title(string courseId) => CourseTitles.GetValueOrDefault(courseId, courseId);

    public async Task OnGetAsync(string id, int? version, string[]? completed)
    {
        Version = await packages.PreviewedVersionAsync(id, version);
        CourseTitles = await catalog.CourseTitlesAsync();
        Completed = (completed ?? []).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        Evaluation = await packages.PreviewAsync(id, Version.Number, Completed.ToImmutableDictionary(c => c, _ => now));
    }
}
