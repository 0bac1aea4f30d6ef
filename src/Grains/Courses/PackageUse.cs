using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Grains.Courses;

/// <summary>Before a course is archived: no package offers it. A package whose active (or scheduled) version names an
/// archived course would still take enrollments its learners could never complete, because nobody can start the course.</summary>
public static class PackageUse
{
    /// <summary>409 <c>course_in_use</c> naming the packages whose active or scheduled version contains the course. Each
    /// call is a read a package grain interleaves, and a publishing package asks courses only interleaving questions,
    /// so a course and a package asking each other cannot deadlock.</summary>
    public static async Task EnsureUnusedAsync(IGrainFactory grains, string courseId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var packages = await grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog).ListPackagesAsync(includeUnpublished: true);
        var users = await Task.WhenAll(packages.Select(async p => await OffersAsync(grains, p.Id, courseId) ? p.Name : null));
        var names = users.OfType<string>().Order(StringComparer.CurrentCulture).ToList();
        if (names.Count > 0)
        {
            throw DomainException.Conflict(ErrorCodes.CourseInUse,
                $"The package(s) {string.Join(", ", names.Select(n => $"'{n}'"))} offer this course: publish a version without it, or archive them, first.");
        }
    }

    private static async Task<bool> OffersAsync(IGrainFactory grains, string packageId, string courseId)
    {
        var package = grains.GetGrain<IPackageGrain>(GrainKeys.Package(packageId));
        foreach (var version in (await package.GetHistoryAsync()).Where(v => v.IsActive || v.IsScheduled))
        {
            if ((await package.GetVersionAsync(version.Number)).Content.Requirement.CourseIds().Contains(courseId, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
