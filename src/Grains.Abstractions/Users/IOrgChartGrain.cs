namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>Who reports to whom, for the whole company, in one place so that no change can make a cycle. Key: <c>GrainKeys.OrgChart</c>.</summary>
[Alias("courseportal.org-chart")]
public interface IOrgChartGrain : IGrainWithStringKey
{
    /// <summary>The user's manager; null when they have none.</summary>
    [Alias("get-manager")]
    [Orleans.Concurrency.ReadOnly]
    Task<string?> GetManagerAsync(string userId);

    /// <summary>Sets (or with null clears) the user's manager; 409 <c>manager_cycle</c> when the manager is the user or
    /// reports to them, directly or further down.</summary>
    [Alias("set-manager")]
    Task SetManagerAsync(string userId, string? managerId);

    /// <summary>Applies the changes in order, each checked against the chart the ones before it left, in one state write;
    /// a change that would make a cycle is refused alone. Answers each change's outcome, in the same order.</summary>
    [Alias("set-managers")]
    Task<System.Collections.Immutable.ImmutableArray<ManagerChangeOutcome>> SetManagersAsync(System.Collections.Immutable.ImmutableArray<ManagerChange> changes);

    /// <summary>The people who report to <paramref name="managerId"/> directly, or with <paramref name="everyoneBelow"/> at
    /// any depth, by user id after <paramref name="afterUserId"/>, at most <paramref name="limit"/> (1–1,000), and how many in all.</summary>
    [Alias("list-reports")]
    [Orleans.Concurrency.ReadOnly]
    Task<ReportsPage> ListReportsAsync(string managerId, bool everyoneBelow, string? afterUserId, int limit);

    /// <summary>Whether anyone reports to the user: what makes them a manager.</summary>
    [Alias("has-reports")]
    [Orleans.Concurrency.ReadOnly]
    Task<bool> HasReportsAsync(string userId);

    /// <summary>Those of <paramref name="userIds"/> who report to <paramref name="managerId"/>, directly or further down.</summary>
    [Alias("who-is-below")]
    [Orleans.Concurrency.ReadOnly]
    Task<System.Collections.Immutable.ImmutableArray<string>> WhoIsBelowAsync(string managerId, System.Collections.Immutable.ImmutableArray<string> userIds);

    /// <summary>The line of each of the given users: their manager (null: none) and their number of direct reports.</summary>
    [Alias("lines-of")]
    [Orleans.Concurrency.ReadOnly]
    Task<System.Collections.Immutable.ImmutableArray<ReportingLine>> LinesOfAsync(System.Collections.Immutable.ImmutableArray<string> userIds);
}
