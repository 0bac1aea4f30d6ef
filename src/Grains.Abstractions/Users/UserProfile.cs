using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>Who a user is: what the portal shows of them and the roles they hold. <see cref="ExternalIssuer"/> and
/// <see cref="ExternalSubject"/> name the identity provider's user signed in as this account (the issuer is missing on
/// accounts linked before issuers were recorded). <see cref="RemindersOff"/>: the user turned off reminder mails (due soon,
/// certification expiring, recertification opened); those notices still appear in the portal. <see cref="Deactivated"/>: an
/// admin deactivated the account; it cannot sign in by any route and its record is kept.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.user-profile")]
public sealed record UserProfile(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string FirstName,
    [property: Id(3)] string LastName,
    [property: Id(4)] string DisplayName,
    [property: Id(5)] ImmutableArray<Role> Roles,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string? ImageUrl = null,
    [property: Id(8)] string? Bio = null,
    [property: Id(9)] string? ExternalSubject = null,
    [property: Id(10)] string? ExternalIssuer = null,
    [property: Id(11)] string? TimeZone = null,
    [property: Id(12)] bool RemindersOff = false,
    [property: Id(13)] bool Deactivated = false)
{
    /// <summary>The highest role held; every role includes the ones below it.</summary>
    public Role HighestRole => Roles.IsDefaultOrEmpty ? Role.Learner : Roles.Max();

    public bool Has(Role role) => HighestRole >= role;
}

/// <summary>What creating a user takes; the password, when there is one, arrives already hashed.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.new-user")]
public sealed record NewUser(
    [property: Id(0)] string Email,
    [property: Id(1)] string FirstName,
    [property: Id(2)] string LastName,
    [property: Id(3)] ImmutableArray<Role> Roles,
    [property: Id(4)] string? PasswordHash = null,
    [property: Id(5)] string? DisplayName = null,
    [property: Id(6)] string? ExternalSubject = null,
    [property: Id(7)] string? ExternalIssuer = null);

/// <summary>The editable part of a profile, which everyone edits for themselves; <see cref="TimeZone"/> is an IANA id
/// (e.g. Europe/Berlin), empty for UTC. <see cref="RemindersOff"/> null keeps the current choice.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.profile-update")]
public sealed record ProfileUpdate(
    [property: Id(0)] string FirstName,
    [property: Id(1)] string LastName,
    [property: Id(2)] string? DisplayName = null,
    [property: Id(3)] string? ImageUrl = null,
    [property: Id(4)] string? Bio = null,
    [property: Id(5)] string? TimeZone = null,
    [property: Id(6)] bool? RemindersOff = null);
