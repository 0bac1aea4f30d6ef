using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Web.Services;

/// <summary>Moving an older package version's learners to the active version, and following a move.</summary>
public sealed class MoveService(IGrainFactory grains)
{
    /// <summary>The packages that have a version older than the active one, so learners to move.</summary>
    public async Task<IReadOnlyList<PackageSummary>> MovablePackagesAsync() =>
        [.. (await grains.Reference<ICatalogGrain>(GrainKeys.Catalog).ListPackagesAsync(includeUnpublished: true)).Where(p => p.ActiveVersion > 1)];

    /// <summary>Starts moving a version's learners with the chosen statuses to the active version.</summary>
    public Task<MigrationStatus> StartAsync(string packageId, int fromVersion, IReadOnlyCollection<EnrollmentStatus> statuses, string actor)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (statuses.Count == 0)
        {
            throw new DomainException([new FieldError(ErrorCodes.Required, "statuses", "Choose whom to move: learners not started, in progress, or both.")]);
        }

        Ids.Existing("Package", packageId);
        // A fresh id per move: starting the same id again would only answer that move's status.
        var id = $"move-{Guid.NewGuid():N}";
        return Move(id).StartAsync(packageId, fromVersion, [.. statuses], actor);
    }

    /// <summary>How far a move got, or why it stopped.</summary>
    public Task<MigrationStatus> GetAsync(string moveId) => Move(Ids.Existing("Move", moveId)).GetAsync();

    private IVersionMigrationGrain Move(string moveId) => grains.Reference<IVersionMigrationGrain>(GrainKeys.Migration(moveId));
}
