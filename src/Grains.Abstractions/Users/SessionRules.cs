using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>Which sign-ins of a user still count: those of the current <see cref="Generation"/> (it goes up when the
/// password or the roles change, ending every session before), except the <see cref="EndedSessions"/> (signed out).
/// A generation number rather than a time, so that no clock of the web and the silo needs to agree. While the account is
/// <see cref="Deactivated"/> no sign-in counts, and none may be made.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.session-rules")]
public sealed record SessionRules(
    [property: Id(0)] int Generation,
    [property: Id(1)] ImmutableArray<string> EndedSessions,
    [property: Id(2)] bool Deactivated = false)
{
    /// <summary>Whether sign-in <paramref name="sessionId"/>, made in <paramref name="generation"/>, still counts.</summary>
    public bool Allows(string? sessionId, int? generation) =>
        !Deactivated && generation == Generation && (sessionId is null || !EndedSessions.Contains(sessionId));
}

/// <summary>A sign-in attempt's outcome for the account: locked until <see cref="LockedUntil"/>, or not locked.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.sign-in-lock")]
public sealed record SignInLock([property: Id(0)] DateTimeOffset? LockedUntil);
