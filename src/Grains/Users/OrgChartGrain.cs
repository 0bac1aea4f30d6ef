using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

[GenerateSerializer]
[Alias("courseportal.org-chart-state")]
public sealed class OrgChartState
{
    /// <summary>Each user's manager, by user id; users without one are absent.</summary>
    [Id(0)]
    public Dictionary<string, string> Managers { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>The reporting lines. One grain for the company because a cycle is a property of the whole chart: two changes
/// checked in different places could each pass and together go round. At 100,000 users the state is a few megabytes,
/// written only when a line changes.</summary>
public sealed class OrgChartGrain(
    [PersistentState(StorageNames.OrgChartState, StorageNames.Grains)] IPersistentState<OrgChartState> state) : Grain, IOrgChartGrain
{
    public Task<string?> GetManagerAsync(string userId) =>
        Task.FromResult(state.State.Managers.GetValueOrDefault(userId));

    public async Task SetManagerAsync(string userId, string? managerId)
    {
        if (state.State.Managers.GetValueOrDefault(userId) == managerId)
        {
            return;
        }

        if (managerId is not null && ReportsTo(managerId, userId))
        {
            throw DomainException.Conflict(ErrorCodes.ManagerCycle,
                $"'{managerId}' is '{userId}' or reports to them; '{userId}' cannot report to them.");
        }

        if (managerId is null)
        {
            state.State.Managers.Remove(userId);
        }
        else
        {
            state.State.Managers[userId] = managerId;
        }

        await state.WriteOrResetAsync(this);
    }

    // Walks up from the would-be manager; the chart has no cycle, so the walk ends.
    private bool ReportsTo(string userId, string topId)
    {
        for (string? at = userId; at is not null; at = state.State.Managers.GetValueOrDefault(at))
        {
            if (at == topId)
            {
                return true;
            }
        }

        return false;
    }
}
