using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Learning;

namespace CoursePortal.Grains.Users;

[GenerateSerializer]
[Alias("courseportal.user-state")]
public sealed class UserState
{
    [Id(0)]
    public UserProfile? Profile { get; set; }

    /// <summary>Carried over: the password hash of an account made before credentials had their own grain, until
    /// <see cref="UserCredentialsGrain"/> has stored it. Ids 1, 8 and 9 stay for the rows that still hold them.</summary>
    [Id(1)]
    public string? PasswordHash { get; set; }

    /// <summary>The latest completion of each course.</summary>
    [Id(2)]
    public Dictionary<string, CourseCompletion> Completions { get; init; } = new(StringComparer.Ordinal);

    [Id(3)]
    public List<string> PackageEnrollments { get; init; } = [];

    [Id(4)]
    public Outbox Outbox { get; init; } = new();

    /// <summary>Every course the user has started, so My learning lists them without asking each course.</summary>
    [Id(5)]
    public List<string> StartedCourses { get; init; } = [];

    // Ids 6 and 7 held a lock per account, which let anyone lock out an administrator by guessing; the lock is now per
    // (account, client address) in SignInGuardGrain. Never reuse those ids: stored states may still carry them.

    /// <summary>Carried over as <see cref="PasswordHash"/>: the session generation.</summary>
    [Id(8)]
    public int SessionGeneration { get; set; }

    /// <summary>Carried over as <see cref="PasswordHash"/>: the signed-out sessions.</summary>
    [Id(9)]
    public Dictionary<string, DateTimeOffset>? EndedSessions { get; set; }

    /// <summary>What the credentials grain takes over from this record (see <see cref="PasswordHash"/>); null without a profile.</summary>
    public CarriedCredentials? CarriedCredentials() => Profile is null ? null
        : new(PasswordHash, SessionGeneration, EndedSessions?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, DateTimeOffset>.Empty);

    /// <summary>Clears what <see cref="CarriedCredentials"/> returns; false when there was nothing to clear.</summary>
    public bool ForgetCarriedCredentials()
    {
        if (PasswordHash is null && SessionGeneration == 0 && EndedSessions is null)
        {
            return false;
        }

        (PasswordHash, SessionGeneration, EndedSessions) = (null, 0, null);
        return true;
    }
}
