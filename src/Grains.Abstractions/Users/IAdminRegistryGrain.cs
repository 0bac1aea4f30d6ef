using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>Who holds the Admin role on an active (not deactivated) account, kept current by the user grains, so start-up can tell whether any
/// administrator exists. Key: <c>GrainKeys.AdminRegistry</c>.</summary>
[Alias("courseportal.admin-registry")]
public interface IAdminRegistryGrain : IGrainWithStringKey
{
    /// <summary>Records whether <paramref name="userId"/> is an administrator now.</summary>
    [Alias("set")]
    Task SetAsync(string userId, bool isAdmin);

    /// <summary>Takes <paramref name="userId"/> off the administrators unless nobody else would be left; false (and nothing
    /// changed) then. One grain decides, so two admins deactivating each other at once cannot both succeed.</summary>
    [Alias("try-release")]
    Task<bool> TryReleaseAsync(string userId);

    /// <summary>True when at least one user holds the Admin role.</summary>
    [Alias("any")]
    [ReadOnly]
    Task<bool> AnyAsync();
}
