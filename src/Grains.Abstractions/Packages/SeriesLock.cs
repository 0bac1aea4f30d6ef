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
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(evaluation);
        var locked = -1;
        foreach (var (node, i) in root.PreOrder().Select((n, i) => (n, i)))
        {
            if (node.CourseId == courseId && evaluation.Nodes[i].State == NodeState.Locked)
            {
                locked = i;
                break;
            }
        }

        if (locked < 0)
        {
            return null;
        }

        // Walk down the path to the locked course; the first series on it with an unsatisfied earlier member holds it.
        var (set, at) = (root, 0);
        while (!set.IsCourse)
        {
            var childAt = at + 1;
            RequirementNode? blocker = null;
            var blockerAt = -1;
            foreach (var child in set.Children)
            {
                var size = child.PreOrder().Count();
                if (locked >= childAt && locked < childAt + size)
                {
                    if (blocker is not null)
                    {
                        return OpenCourse(blocker, blockerAt, evaluation) ?? blocker.CourseId ?? blocker.Name ?? "the item before it";
                    }

                    (set, at) = (child, childAt);
                    break;
                }

                if (set.Mode == SetMode.AllInOrder && blocker is null && !evaluation.Nodes[childAt].Satisfied)
                {
                    (blocker, blockerAt) = (child, childAt);
                }

                childAt += size;
            }
        }

        return null;
    }

    private static string? OpenCourse(RequirementNode subtree, int at, Evaluation evaluation)
    {
        var index = at;
        foreach (var node in subtree.PreOrder())
        {
            if (node.IsCourse && evaluation.Nodes[index].State is NodeState.Available or NodeState.InProgress)
            {
                return node.CourseId;
            }

            index++;
        }

        return null;
    }
}
