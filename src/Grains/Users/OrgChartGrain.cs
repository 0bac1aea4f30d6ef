using System.Collections.Immutable;
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
/// written only when a line changes; reads interleave, and the changes, checked and written one at a time, cannot race.</summary>
public sealed class OrgChartGrain(
    [PersistentState(StorageNames.OrgChartState, StorageNames.Grains)] IPersistentState<OrgChartState> state) : Grain, IOrgChartGrain
{
    public const int MaxPage = 1000;

    private ReportingIndex _index = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _index = new ReportingIndex(state.State.Managers);
        return base.OnActivateAsync(cancellationToken);
    }

    public Task<string?> GetManagerAsync(string userId) => Task.FromResult(_index.ManagerOf(userId));

    public async Task SetManagerAsync(string userId, string? managerId)
    {
        if (_index.ManagerOf(userId) == managerId)
        {
            return;
        }

        if (managerId is not null && _index.WouldCycle(userId, managerId))
        {
            throw DomainException.Conflict(ErrorCodes.ManagerCycle,
                $"'{managerId}' is '{userId}' or reports to them; '{userId}' cannot report to them.");
        }

        _index.Set(userId, managerId);
        await state.WriteOrResetAsync(this);
    }

    public async Task<ImmutableArray<ManagerChangeOutcome>> SetManagersAsync(ImmutableArray<ManagerChange> changes)
    {
        var outcomes = ImmutableArray.CreateBuilder<ManagerChangeOutcome>(changes.Length);
        foreach (var change in changes)
        {
            outcomes.Add(change.ManagerId is { } manager && _index.WouldCycle(change.UserId, manager) ? ManagerChangeOutcome.Cycle
                : _index.Set(change.UserId, change.ManagerId) ? ManagerChangeOutcome.Changed
                : ManagerChangeOutcome.Unchanged);
        }

        if (outcomes.Contains(ManagerChangeOutcome.Changed))
        {
            await state.WriteOrResetAsync(this);
        }

        return outcomes.MoveToImmutable();
    }

    public Task<ReportsPage> ListReportsAsync(string managerId, bool everyoneBelow, string? afterUserId, int limit)
    {
        var below = _index.Below(managerId, everyoneBelow);
        var from = 0;
        if (afterUserId is not null)
        {
            // The first id after the cursor, whether or not the cursor's own id is still below the manager.
            var at = Array.BinarySearch(below, afterUserId, StringComparer.Ordinal);
            from = at >= 0 ? at + 1 : ~at;
        }

        var page = below.Skip(from).Take(Math.Clamp(limit, 1, MaxPage)).Select(Line).ToImmutableArray();
        return Task.FromResult(new ReportsPage(page, below.Length));
    }

    public Task<bool> HasReportsAsync(string userId) => Task.FromResult(_index.DirectReportsOf(userId) > 0);

    public Task<ImmutableArray<string>> WhoIsBelowAsync(string managerId, ImmutableArray<string> userIds) =>
        Task.FromResult(userIds.Distinct(StringComparer.Ordinal).Where(u => _index.IsBelow(u, managerId)).ToImmutableArray());

    public Task<ImmutableArray<ReportingLine>> LinesOfAsync(ImmutableArray<string> userIds) =>
        Task.FromResult(userIds.Distinct(StringComparer.Ordinal).Select(Line).ToImmutableArray());

    private ReportingLine Line(string userId) => new(userId, _index.ManagerOf(userId), _index.DirectReportsOf(userId));
}
