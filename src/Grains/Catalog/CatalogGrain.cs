using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Catalog;

/// <summary>
/// One activation answers every catalog listing. Reads interleave ([ReadOnly]) so listing does
/// not queue behind itself; the writes that course grains send stay serialized.
/// </summary>
public sealed class CatalogGrain(
    [PersistentState(StorageNames.CatalogState, StorageNames.Grains)] IPersistentState<CatalogState> state)
    : Grain, ICatalogGrain
{
    private ImmutableArray<CourseSummary>? _sorted;

    public Task<ImmutableArray<CourseSummary>> ListCoursesAsync(CatalogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sorted = _sorted ??= [.. state.State.Courses.Values
            .OrderBy(c => c.Title, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Id, StringComparer.Ordinal)];
        return Task.FromResult<ImmutableArray<CourseSummary>>([.. sorted.Where(query.Matches)]);
    }

    public async Task UpsertCourseAsync(CourseSummary course)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (state.State.Courses.TryGetValue(course.Id, out var existing) && IsSame(existing, course))
        {
            return;
        }

        state.State.Courses[course.Id] = course;
        _sorted = null;
        await state.WriteStateAsync();
    }

    public async Task RemoveCourseAsync(string courseId)
    {
        if (!state.State.Courses.Remove(courseId))
        {
            return;
        }

        _sorted = null;
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<PackageSummary>> ListPackagesAsync(bool includeUnpublished) =>
        Task.FromResult<ImmutableArray<PackageSummary>>([.. state.State.Packages.Values
            .Where(p => includeUnpublished || p.Status == VersionStatus.Published)
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Id, StringComparer.Ordinal)]);

    public async Task UpsertPackageAsync(PackageSummary package)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (state.State.Packages.TryGetValue(package.Id, out var existing) && existing == package)
        {
            return;
        }

        state.State.Packages[package.Id] = package;
        await state.WriteStateAsync();
    }

    public async Task RemovePackageAsync(string packageId)
    {
        if (state.State.Packages.Remove(packageId))
        {
            await state.WriteStateAsync();
        }
    }

    // ImmutableArray compares by reference, so record equality alone would see every tag list as new.
    private static bool IsSame(CourseSummary a, CourseSummary b) =>
        a with { Tags = b.Tags } == b && a.Tags.SequenceEqual(b.Tags);
}
