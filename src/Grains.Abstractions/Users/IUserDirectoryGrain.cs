using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>One shard of the list of users admins search; the user grain keeps its own entry current.
/// Key: <c>GrainKeys.UserDirectory(shard)</c>, the shard from <c>GrainKeys.UserDirectoryShard(userId)</c>.</summary>
[Alias("courseportal.user-directory")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces a user's entry (written only when it changed).</summary>
    [Alias("upsert")]
    Task UpsertAsync(UserProfile profile);

    /// <summary>Users whose e-mail or name contains <paramref name="text"/> (all when empty), by e-mail, at most <paramref name="limit"/>.</summary>
    [Alias("search")]
    [Orleans.Concurrency.ReadOnly]
    Task<ImmutableArray<UserProfile>> SearchAsync(string? text, int limit);

    /// <summary>Users whose e-mail or name contains <paramref name="text"/> (all when empty) with an e-mail after
    /// <paramref name="afterEmail"/> (ordinal; null: from the start), by e-mail, at most <paramref name="limit"/>: a keyset page.</summary>
    [Alias("page")]
    [Orleans.Concurrency.ReadOnly]
    Task<ImmutableArray<UserProfile>> PageAsync(string? text, string? afterEmail, int limit);

    /// <summary>The entries of the given users in this shard (ids it does not hold are left out): names and e-mail
    /// addresses for a list of learners, one call per shard instead of one per user.</summary>
    [Alias("profiles-of")]
    [Orleans.Concurrency.ReadOnly]
    Task<ImmutableArray<UserProfile>> ProfilesOfAsync(ImmutableArray<string> userIds);
}
