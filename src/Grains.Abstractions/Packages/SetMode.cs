namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>How a requirement set is satisfied.</summary>
[GenerateSerializer]
[Alias("courseportal.set-mode")]
public enum SetMode
{
    /// <summary>Every required child.</summary>
    All = 0,

    /// <summary>A series: every required child, each child locked until the one before it is complete.</summary>
    AllInOrder = 1,

    /// <summary>At least <see cref="RequirementNode.Min"/> children, the required ones among them
    /// (a family is at least 1; a choice is at least n of m).</summary>
    AtLeast = 2,
}
