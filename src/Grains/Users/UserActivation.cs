using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

/// <summary>
/// Deactivating and reactivating one account, held by <see cref="UserGrain"/>. The credentials grain is told first: a
/// failure after it leaves an account that cannot sign in while its profile still says active (or, reactivating, one that
/// can while it says deactivated), and repeating the call finishes the change. Nothing else of the record is touched.
/// </summary>
internal sealed class UserActivation(IGrainFactory grains, string userId, IPersistentState<UserState> state, Func<Task> write, Func<Task> register, TimeProvider clock)
{
    public async Task<UserProfile> DeactivateAsync(string actor)
    {
        var profile = Profile();
        if (profile.Deactivated)
        {
            return profile;
        }

        if (actor == userId)
        {
            throw DomainException.Conflict(ErrorCodes.SelfDeactivation, "You cannot deactivate your own account; another admin can.");
        }

        // The registry decides alone whether another active admin remains, so two admins cannot deactivate each other at once.
        if (profile.Has(Role.Admin) && !await grains.GetGrain<IAdminRegistryGrain>(GrainKeys.AdminRegistry).TryReleaseAsync(userId))
        {
            throw DomainException.Conflict(ErrorCodes.LastAdmin, $"{profile.Email} is the last active admin; make someone else an admin first.");
        }

        await Credentials.SetDeactivatedAsync(true);
        return await ChangeAsync(profile with { Deactivated = true }, LearningEventKinds.UserDeactivated, actor);
    }

    public async Task<UserProfile> ReactivateAsync(string actor)
    {
        var profile = Profile();
        if (!profile.Deactivated)
        {
            return profile;
        }

        await Credentials.SetDeactivatedAsync(false);
        return await ChangeAsync(profile with { Deactivated = false }, LearningEventKinds.UserReactivated, actor);
    }

    private async Task<UserProfile> ChangeAsync(UserProfile next, string kind, string actor)
    {
        state.State.Profile = next;
        state.State.Outbox.Add(new LearningEvent(Guid.NewGuid(), clock.GetUtcNow(), kind, actor, userId));
        await write();
        await register();
        return next;
    }

    private UserProfile Profile() => state.State.Profile ?? throw DomainException.NotFound("User", userId);

    private IUserCredentialsGrain Credentials => grains.GetGrain<IUserCredentialsGrain>(GrainKeys.UserCredentials(userId));
}
