using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Web.Services;

/// <summary>Whether the portal still has no administrator: a new installation started without the Bootstrap keys, where
/// nobody can sign in until the operator sets them. Once an administrator exists it is remembered, so a sign-in page asks
/// the cluster only while there is none.</summary>
public sealed class FirstAdministrator(IGrainFactory grains)
{
    /// <summary>The configuration keys that create the first administrator at start.</summary>
    public const string Keys = "Bootstrap:AdminEmail and Bootstrap:AdminPassword";

    private volatile bool _exists;

    /// <summary>True while no user holds the Admin role.</summary>
    public async Task<bool> IsMissingAsync()
    {
        if (!_exists)
        {
            _exists = await grains.GetGrain<IAdminRegistryGrain>(GrainKeys.AdminRegistry).AnyAsync();
        }

        return !_exists;
    }
}
