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

    /// <summary>Sign-ins of an older generation no longer count (the password or the roles changed).</summary>
    [Id(8)]
    public int SessionGeneration { get; set; }

    /// <summary>Signed-out sessions until their cookies would have expired; null (not an empty list) for most users.</summary>
    [Id(9)]
    public Dictionary<string, DateTimeOffset>? EndedSessions { get; set; }
}
