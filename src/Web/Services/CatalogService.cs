using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Web.Services;

/// <summary>Pages' and the API's way to the catalog grain: one grain call per method.</summary>
public sealed class CatalogService(IGrainFactory grains)
{
    private ICatalogGrain Catalog => grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog);

    public Task<ImmutableArray<CourseSummary>> ListCoursesAsync(CatalogQuery query) => Catalog.ListCoursesAsync(query);
}
