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
}
