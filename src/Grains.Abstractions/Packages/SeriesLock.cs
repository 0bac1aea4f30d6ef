namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>Why a course is locked in an evaluated requirement tree: the series it waits in, and the course to
/// finish first.</summary>
public static class SeriesLock
{
    /// <summary>The course to finish before <paramref name="courseId"/> opens, when the course is locked in
    /// <paramref name="root"/> (evaluated as <paramref name="evaluation"/>); null when it is not locked there.
    /// The outermost series decides: an open item of the first unsatisfied member before the course.</summary>
    public static string? FinishFirst(RequirementNode root, Evaluation evaluation, string courseId)
    {
        var tree = EvaluatedRequirement.Zip(root, evaluation);
        var locked = tree.PreOrder().FirstOrDefault(n => n.Node.CourseId == courseId && n.Evaluated.State == NodeState.Locked);
        if (locked is null)
        {
            return null;
        }

        // Walk down the path to the locked course; the first series on it with an unsatisfied earlier member holds it.
        var set = tree;
        while (!set.Node.IsCourse)
        {
            EvaluatedRequirement? blocker = null;
            foreach (var child in set.Children)
            {
                if (child.PreOrder().Any(n => ReferenceEquals(n, locked)))
                {
                    if (blocker is not null)
                    {
                        return OpenCourse(blocker) ?? blocker.Node.CourseId ?? blocker.Node.Name ?? "the item before it";
                    }

                    set = child;
                    break;
                }

                if (set.Node.Mode == SetMode.AllInOrder && blocker is null && !child.Evaluated.Satisfied)
                {
                    blocker = child;
                }
            }
        }

        return null;
    }

    private static string? OpenCourse(EvaluatedRequirement subtree) =>
        subtree.PreOrder().FirstOrDefault(n => n.Node.IsCourse && n.Evaluated.State is NodeState.Available or NodeState.InProgress)?.Node.CourseId;
}
