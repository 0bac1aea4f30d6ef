using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Web.Services;

/// <summary>Pages' and the API's way to the catalog grain: one grain call per method.</summary>
public sealed class CatalogService(IGrainFactory grains, TimeProvider clock)
{
    /// <summary>How long the names of courses and packages are reused before the catalog is asked again.</summary>
    public static readonly TimeSpan TitlesLifetime = TimeSpan.FromSeconds(10);

    private volatile TitleSnapshot? _titles;

    private ICatalogGrain Catalog => grains.Reference<ICatalogGrain>(GrainKeys.Catalog);

    /// <summary>Every course's and package's name by id, drafts included. Pages that only label things (My learning on
    /// every visit) reuse it for <see cref="TitlesLifetime"/>, so they do not each fetch the whole catalog; a renamed
    /// course shows its new name within that time, and an id the names do not know yet (a new course) fetches them at once.</summary>
    public async Task<IReadOnlyDictionary<string, string>> TitlesAsync(IEnumerable<string> needed)
    {
        ArgumentNullException.ThrowIfNull(needed);
        if (_titles is { } cached && clock.GetUtcNow() - cached.At < TitlesLifetime && needed.All(cached.Titles.ContainsKey))
        {
            return cached.Titles;
        }

        var courses = await Catalog.ListCoursesAsync(new CatalogQuery(IncludeUnpublished: true));
        var packages = await Catalog.ListPackagesAsync(includeUnpublished: true);
        IReadOnlyDictionary<string, string> titles = courses.Select(c => (c.Id, c.Title)).Concat(packages.Select(p => (p.Id, Title: p.Name)))
            .GroupBy(t => t.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Title, StringComparer.Ordinal);
        _titles = new TitleSnapshot(clock.GetUtcNow(), titles);
        return titles;
    }

    private sealed record TitleSnapshot(DateTimeOffset At, IReadOnlyDictionary<string, string> Titles);

    public Task<ImmutableArray<CourseSummary>> ListCoursesAsync(CatalogQuery query) => Catalog.ListCoursesAsync(query);

    public Task<ImmutableArray<PackageSummary>> ListPackagesAsync(bool includeUnpublished) => Catalog.ListPackagesAsync(includeUnpublished);

    /// <summary>Every course's title by id, drafts included, read now: for the pickers and labels of editors.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CourseTitlesAsync() =>
        (await Catalog.ListCoursesAsync(new CatalogQuery(IncludeUnpublished: true))).ToDictionary(c => c.Id, c => c.Title, StringComparer.Ordinal);
}
