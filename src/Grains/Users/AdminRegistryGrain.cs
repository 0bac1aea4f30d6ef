using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

[GenerateSerializer]
[Alias("courseportal.admin-registry-state")]
public sealed class AdminRegistryState
{
    [Id(0)]
    public HashSet<string> Admins { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>The set of active administrators; written only when someone gains or loses the role, or is (de)activated.</summary>
public sealed class AdminRegistryGrain(
    [PersistentState(StorageNames.AdminRegistryState, StorageNames.Grains)] IPersistentState<AdminRegistryState> state) : Grain, IAdminRegistryGrain
{
    public async Task SetAsync(string userId, bool isAdmin)
    {
        var changed = isAdmin ? state.State.Admins.Add(userId) : state.State.Admins.Remove(userId);
        if (changed)
        {
            await state.WriteOrResetAsync(this);
        }
    }

    public async Task<bool> TryReleaseAsync(string userId)
    {
        if (!state.State.Admins.Any(admin => admin != userId))
        {
            return false;
        }

        await SetAsync(userId, isAdmin: false);
        return true;
    }

    public Task<bool> AnyAsync() => Task.FromResult(state.State.Admins.Count > 0);
}
