using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

[GenerateSerializer]
[Alias("courseportal.admin-registry-state")]
public sealed class AdminRegistryState
{
    [Id(0)]
    public HashSet<string> Admins { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>The set of administrators; written only when someone gains or loses the role.</summary>
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

    public Task<bool> AnyAsync() => Task.FromResult(state.State.Admins.Count > 0);
}
