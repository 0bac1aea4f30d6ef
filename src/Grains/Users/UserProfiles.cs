using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
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
            TimeZone = string.IsNullOrWhiteSpace(update.TimeZone) ? null : update.TimeZone.Trim(),
            RemindersOff = update.RemindersOff ?? profile.RemindersOff,
        };
    }

    /// <summary><paramref name="profile"/> linked to the identity provider's user (<paramref name="issuer"/>,
    /// <paramref name="subject"/>); the same one again changes nothing. 409 <c>external_link_refused</c> when the account
    /// already belongs to another provider user; 403 <c>account_deactivated</c> when an admin deactivated it.</summary>
    public static UserProfile Linked(UserProfile profile, string issuer, string subject)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Deactivated)
        {
            throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.AccountDeactivated, "This account is deactivated; an admin can reactivate it.");
        }

        // Linked before issuers were recorded: the same subject of the (then only) provider may add its issuer.
        var sameLogin = profile.ExternalSubject == subject && (profile.ExternalIssuer is null || profile.ExternalIssuer == issuer);
        if (profile.ExternalSubject is not null && !sameLogin)
        {
            throw DomainException.Conflict(ErrorCodes.ExternalLinkRefused, "This account already belongs to another company account.");
        }

        return profile.ExternalSubject == subject && profile.ExternalIssuer == issuer ? profile : profile with { ExternalSubject = subject, ExternalIssuer = issuer };
    }

    public static ImmutableArray<Role> Roles(ImmutableArray<Role> roles) =>
        roles.IsDefaultOrEmpty ? [Role.Learner] : roles.Distinct().Order().ToImmutableArray();

    private static string DisplayName(string? displayName, string firstName, string lastName) =>
        string.IsNullOrWhiteSpace(displayName) ? $"{firstName.Trim()} {lastName.Trim()}" : displayName.Trim();
}
