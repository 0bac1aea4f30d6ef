using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Services;

/// <summary>A page of the users list, by e-mail, and the e-mail address the next page continues after (null: this is the last).</summary>
public sealed record UserPage(IReadOnlyList<UserProfile> Users, string? NextAfterEmail);

/// <summary>An admin's acts on accounts: finding users, creating an account, changing roles. Passwords and sign-in stay
/// with <see cref="AccountService"/>, which holds the hasher; an account is created through it.</summary>
public sealed class UserService(IGrainFactory grains, AccountService accounts, SignInSessions sessions)
{
    public const int MaxUsersShown = 200;

    /// <summary>The most users one page of <see cref="PageAsync"/> holds.</summary>
    public const int MaxPage = 500;

    /// <summary>Users whose e-mail or name contains <paramref name="text"/>, from every directory shard, by e-mail.</summary>
    public async Task<IReadOnlyList<UserProfile>> SearchAsync(string? text, int limit = MaxUsersShown)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, GrainKeys.UserDirectoryShards)
            .Select(s => grains.Reference<IUserDirectoryGrain>(GrainKeys.UserDirectory(s)).SearchAsync(text, limit)));
        return [.. shards.SelectMany(s => s).OrderBy(u => u.Email, StringComparer.Ordinal).Take(limit)];
    }

    /// <summary>A page of the users whose e-mail or name contains <paramref name="text"/>, by e-mail, after
    /// <paramref name="afterEmail"/>: each directory shard answers at most one more than the page, so no user grain is
    /// read and a page costs the same wherever it is in the list.</summary>
    public async Task<UserPage> PageAsync(string? text, string? afterEmail, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPage);
        var shards = await Task.WhenAll(Enumerable.Range(0, GrainKeys.UserDirectoryShards)
            .Select(s => grains.Reference<IUserDirectoryGrain>(GrainKeys.UserDirectory(s)).PageAsync(text, afterEmail, limit + 1)));
        var merged = shards.SelectMany(s => s).OrderBy(u => u.Email, StringComparer.Ordinal).Take(limit + 1).ToList();
        return merged.Count > limit ? new UserPage(merged[..limit], merged[limit - 1].Email) : new UserPage(merged, null);
    }

    /// <summary>The user with this e-mail address (or user id); a 400 naming <paramref name="field"/> when there is none.</summary>
    public async Task<UserProfile> FindAsync(string? emailOrId, string field = "email")
    {
        var text = emailOrId?.Trim() ?? "";
        var id = text.Contains('@', StringComparison.Ordinal) ? await accounts.FindUserIdAsync(text) : Ids.IsValid(text) ? text : null;
        try
        {
            return id is null ? throw DomainException.NotFound("User", text) : await User(id).GetProfileAsync();
        }
        catch (DomainException missing) when (missing.Kind == DomainErrorKind.NotFound)
        {
            throw new DomainException([new FieldError(ErrorCodes.UnknownUser, field, $"No user has the address or id '{text}'.")]);
        }
    }

    /// <summary>The profile of the user with this id; 404 when there is none.</summary>
    public Task<UserProfile> ProfileAsync(string userId) => User(Ids.Existing("User", userId)).GetProfileAsync();

    /// <summary>The profiles of the given users (a course's instructors); ids with no account are left out.</summary>
    public async Task<IReadOnlyList<UserProfile>> FindProfilesAsync(IEnumerable<string> userIds)
    {
        var profiles = await Task.WhenAll(userIds.Where(Ids.IsValid).Select(async id =>
        {
            try
            {
                return await User(id).GetProfileAsync();
            }
            catch (DomainException missing) when (missing.Kind == DomainErrorKind.NotFound)
            {
                return null;
            }
        }));
        return [.. profiles.OfType<UserProfile>()];
    }

    /// <summary>The directory's entries (e-mail, name) of the given users, by user id, one call per directory shard:
    /// for lists of thousands of learners, where a call per user would activate each user's grain.</summary>
    public async Task<IReadOnlyDictionary<string, UserProfile>> DirectoryProfilesAsync(IEnumerable<string> userIds)
    {
        var shards = await Task.WhenAll(userIds.Where(Ids.IsValid).GroupBy(GrainKeys.UserDirectoryShard)
            .Select(shard => grains.Reference<IUserDirectoryGrain>(GrainKeys.UserDirectory(shard.Key)).ProfilesOfAsync([.. shard])));
        return shards.SelectMany(s => s).ToDictionary(p => p.UserId, StringComparer.Ordinal);
    }

    /// <summary>Creates an account an admin asked for; without a password it can only sign in through the company's
    /// identity provider. A password shorter than the minimum is refused with that one reason.</summary>
    public Task<UserProfile> CreateAsync(
        string email, string firstName, string lastName, string? password, ImmutableArray<Role> roles, string actor, string? displayName = null)
    {
        password = string.IsNullOrEmpty(password) ? null : password;
        if (password is { Length: < PasswordRules.MinLength })
        {
            throw new DomainException([new FieldError(ErrorCodes.WeakPassword, "password", $"A password has at least {PasswordRules.MinLength} characters.")]);
        }

        return accounts.CreateAsync(email, firstName, lastName, password, roles, actor, displayName);
    }

    /// <summary>Replaces the names, bio, image URL and time zone of the user's own profile, and the reminder choice when
    /// <paramref name="remindersOff"/> is given. A display name that followed the names follows the new ones; one chosen apart
    /// from them (by an admin or the company) stays.</summary>
    public async Task<UserProfile> UpdateOwnProfileAsync(
        string userId, string? firstName, string? lastName, string? bio, string? imageUrl, string? timeZone, bool? remindersOff = null)
    {
        var user = User(Ids.Existing("User", userId));
        var current = await user.GetProfileAsync();
        var displayName = current.DisplayName == $"{current.FirstName} {current.LastName}" ? null : current.DisplayName;
        return await user.UpdateProfileAsync(new ProfileUpdate(firstName ?? "", lastName ?? "", displayName, imageUrl, bio, timeZone, remindersOff));
    }

    /// <summary>An admin's edit of someone's profile: names, display name (empty: made of the names), bio, image URL and time
    /// zone, with the validation of everyone's own edit. The reminder choice stays the user's.</summary>
    public Task<UserProfile> UpdateProfileAsync(
        string userId, string? firstName, string? lastName, string? displayName, string? bio, string? imageUrl, string? timeZone) =>
        User(Ids.Existing("User", userId)).UpdateProfileAsync(new ProfileUpdate(firstName ?? "", lastName ?? "", displayName, imageUrl, bio, timeZone));

    /// <summary>Deactivates the account (the user grain's rules: not oneself, not the last active admin; again is no change);
    /// its sessions end here from the next request, elsewhere within seconds.</summary>
    public async Task<UserProfile> DeactivateAsync(string userId, string actor)
    {
        var profile = await User(Ids.Existing("User", userId)).DeactivateAsync(actor);
        sessions.Forget(profile.UserId);
        return profile;
    }

    /// <summary>Lets a deactivated account sign in again; an active one is answered unchanged.</summary>
    public Task<UserProfile> ReactivateAsync(string userId, string actor) => User(Ids.Existing("User", userId)).ReactivateAsync(actor);

    /// <summary>Replaces the user's roles; the change ends their sessions (the user grain's rule).</summary>
    public Task<UserProfile> SetRolesAsync(string userId, ImmutableArray<Role> roles, string actor) =>
        User(Ids.Existing("User", userId)).SetRolesAsync(roles, actor);

    /// <summary>The roles of someone whose highest role is <paramref name="highest"/>: that one and every role below it.</summary>
    public static ImmutableArray<Role> RolesUpTo(Role highest) => [.. Enum.GetValues<Role>().Where(r => r <= highest)];

    private IUserGrain User(string userId) => grains.Reference<IUserGrain>(GrainKeys.User(userId));
}
