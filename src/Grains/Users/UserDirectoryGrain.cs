using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

[GenerateSerializer]
[Alias("courseportal.user-directory-state")]
public sealed class UserDirectoryState
{
    [Id(0)]
    public Dictionary<string, UserProfile> Users { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>One shard of the searchable user list.</summary>
public sealed class UserDirectoryGrain(
    [PersistentState(StorageNames.UserDirectoryState, StorageNames.Grains)] IPersistentState<UserDirectoryState> state) : Grain, IUserDirectoryGrain
{
    public async Task UpsertAsync(UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (state.State.Users.TryGetValue(profile.UserId, out var known) && Same(known, profile))
        {
            return;
        }

        state.State.Users[profile.UserId] = profile;
        await state.WriteOrResetAsync(this);
    }

    public Task<ImmutableArray<UserProfile>> SearchAsync(string? text, int limit) => PageAsync(text, null, limit);

    public Task<ImmutableArray<UserProfile>> PageAsync(string? text, string? afterEmail, int limit) =>
        Task.FromResult<ImmutableArray<UserProfile>>([.. state.State.Users.Values
            .Where(u => UserSearch.Matches(u, text) && (afterEmail is null || string.CompareOrdinal(u.Email, afterEmail) > 0))
            .OrderBy(u => u.Email, StringComparer.Ordinal)
            .Take(Math.Clamp(limit, 1, 1000))]);

    public Task<ImmutableArray<UserProfile>> ProfilesOfAsync(ImmutableArray<string> userIds) =>
        Task.FromResult<ImmutableArray<UserProfile>>([.. userIds.Distinct(StringComparer.Ordinal)
            .Select(id => state.State.Users.GetValueOrDefault(id)).OfType<UserProfile>()]);

    // Every field, the roles by their items (records compare arrays by reference): an admin's list shows them all.
    private static bool Same(UserProfile a, UserProfile b) => a with { Roles = b.Roles } == b && a.Roles.SequenceEqual(b.Roles);
}
