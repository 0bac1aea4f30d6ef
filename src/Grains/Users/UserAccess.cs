using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

/// <summary>
/// Who may sign in as one account, held by <see cref="UserGrain"/>: deactivating and reactivating it, and linking it to
/// the company identity provider's user. Deactivating tells the credentials grain first: a failure after it leaves an
/// account that cannot sign in while its profile still says active (or, reactivating, one that can while it says
/// deactivated), and repeating the call finishes the change. Nothing of the learning record is touched.
/// </summary>
internal sealed class UserAccess(IGrainFactory grains, string userId, IPersistentState<UserState> state, Func<Task> write, Func<Task> register, TimeProvider clock)
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

    public async Task<UserProfile> LinkExternalLoginAsync(string issuer, string subject)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var profile = Profile();
        if (await Credentials.GetPasswordHashAsync() is not null)
        {
            throw DomainException.Conflict(ErrorCodes.ExternalLinkRefused, "This account signs in with its own password; a company account cannot take it over.");
        }

        var linked = UserProfiles.Linked(profile, issuer, subject);
        if (!ReferenceEquals(linked, profile))
        {
            state.State.Profile = linked;
            await write();
            await register();
        }

        return state.State.Profile!;
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
