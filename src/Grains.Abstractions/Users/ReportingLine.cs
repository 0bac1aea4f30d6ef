using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>One person on the org chart: who they report to (null: nobody) and how many report to them directly.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.reporting-line")]
public sealed record ReportingLine(
    [property: Id(0)] string UserId,
    [property: Id(1)] string? ManagerId,
    [property: Id(2)] int DirectReports);

/// <summary>A page of the people below a manager, by user id, and how many there are in all.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.reports-page")]
public sealed record ReportsPage(
    [property: Id(0)] ImmutableArray<ReportingLine> Lines,
    [property: Id(1)] int Total);

/// <summary>A manager to give a user (null: none), as one line of a batch such as an import.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.manager-change")]
public sealed record ManagerChange(
    [property: Id(0)] string UserId,
    [property: Id(1)] string? ManagerId);

/// <summary>What became of one <see cref="ManagerChange"/> of a batch.</summary>
[GenerateSerializer]
[Alias("courseportal.manager-change-outcome")]
public enum ManagerChangeOutcome
{
    /// <summary>The user has the new manager.</summary>
    Changed,

    /// <summary>The user already had that manager; nothing was written for them.</summary>
    Unchanged,

    /// <summary>Refused: the manager is the user or reports to them (<c>manager_cycle</c>); the line kept its old manager.</summary>
    Cycle,
}
