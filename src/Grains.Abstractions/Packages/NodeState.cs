namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>What a learner sees on one requirement: not yet open, open, started, or done.</summary>
[GenerateSerializer]
[Alias("courseportal.node-state")]
public enum NodeState
{
    Locked = 0,
    Available = 1,
    InProgress = 2,
    Completed = 3,
}
