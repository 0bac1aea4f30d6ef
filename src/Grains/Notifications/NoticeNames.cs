using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Notifications;

/// <summary>The names a notice shows, looked up when it is shown or mailed (a notice carries ids only). A package or user
/// that cannot be found shows its id: a notice about something deleted still reads, and still goes out.</summary>
public static class NoticeNames
{
    public static async Task<string> PackageAsync(IGrainFactory grains, string packageId, int version)
    {
        ArgumentNullException.ThrowIfNull(grains);
        try
        {
            return (await grains.GetGrain<IPackageGrain>(GrainKeys.Package(packageId)).GetVersionAsync(version)).Content.Name;
        }
        catch (DomainException missing) when (missing.Kind == DomainErrorKind.NotFound)
        {
            return packageId;
        }
    }

    /// <summary>The user's profile, or null when there is no such user.</summary>
    public static async Task<UserProfile?> ProfileAsync(IGrainFactory grains, string userId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        try
        {
            return await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).GetProfileAsync();
        }
        catch (DomainException missing) when (missing.Kind == DomainErrorKind.NotFound)
        {
            return null;
        }
    }
}
