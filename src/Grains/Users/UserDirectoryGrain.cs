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

    public Task<ImmutableArray<UserProfile>> SearchAsync(string? text, int limit)
    {
        var query = text?.Trim() ?? "";
        return Task.FromResult<ImmutableArray<UserProfile>>([.. state.State.Users.Values
            .Where(u => query.Length == 0 || u.Email.Contains(query, StringComparison.OrdinalIgnoreCase) || u.DisplayName.Contains(query, StringComparison.OrdinalIgnoreCase))
            .OrderBy(u => u.Email, StringComparer.Ordinal)
            .Take(Math.Clamp(limit, 1, 1000))]);
    }

    public Task<ImmutableArray<UserProfile>> ProfilesOfAsync(ImmutableArray<string> userIds) =>
        Task.FromResult<ImmutableArray<UserProfile>>([.. userIds.Distinct(StringComparer.Ordinal)
            .Select(id => state.State.Users.GetValueOrDefault(id)).OfType<UserProfile>()]);

    private static bool Same(UserProfile a, UserProfile b) =>
        a.Email == b.Email && a.DisplayName == b.DisplayName && a.FirstName == b.FirstName && a.LastName == b.LastName && a.Roles.SequenceEqual(b.Roles);
}
