using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>Who holds the Admin role, kept current by the user grains, so start-up can tell whether any
/// administrator exists. Key: <c>GrainKeys.AdminRegistry</c>.</summary>
[Alias("courseportal.admin-registry")]
public interface IAdminRegistryGrain : IGrainWithStringKey
{
    /// <summary>Records whether <paramref name="userId"/> is an administrator now.</summary>
    [Alias("set")]
    Task SetAsync(string userId, bool isAdmin);

    /// <summary>True when at least one user holds the Admin role.</summary>
    [Alias("any")]
    [ReadOnly]
    Task<bool> AnyAsync();
}
