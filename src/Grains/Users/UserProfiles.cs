using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

/// <summary>How an account's profile is made from what was entered: names trimmed, a display name made of the
/// names when none was given, empty optional fields left out, and roles kept once each in order (a learner when none).</summary>
public static class UserProfiles
{
    /// <summary>The profile of a new account; <paramref name="email"/> is already normalised and claimed.</summary>
    public static UserProfile New(string userId, NewUser user, string email, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new UserProfile(userId, email, user.FirstName.Trim(), user.LastName.Trim(), DisplayName(user.DisplayName, user.FirstName, user.LastName),
            Roles(user.Roles), createdAt, ExternalSubject: user.ExternalSubject, ExternalIssuer: user.ExternalIssuer);
    }

    /// <summary><paramref name="profile"/> with the learner's own fields replaced by <paramref name="update"/>.</summary>
    public static UserProfile Updated(UserProfile profile, ProfileUpdate update)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(update);
        return profile with
        {
            FirstName = update.FirstName.Trim(),
            LastName = update.LastName.Trim(),
            DisplayName = DisplayName(update.DisplayName, update.FirstName, update.LastName),
            ImageUrl = string.IsNullOrWhiteSpace(update.ImageUrl) ? null : update.ImageUrl.Trim(),
            Bio = string.IsNullOrWhiteSpace(update.Bio) ? null : update.Bio.Trim(),
        };
    }

    public static ImmutableArray<Role> Roles(ImmutableArray<Role> roles) =>
        roles.IsDefaultOrEmpty ? [Role.Learner] : roles.Distinct().Order().ToImmutableArray();

    private static string DisplayName(string? displayName, string firstName, string lastName) =>
        string.IsNullOrWhiteSpace(displayName) ? $"{firstName.Trim()} {lastName.Trim()}" : displayName.Trim();
}
