using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>
/// Evaluates a requirement tree for one learner. It runs on every course completion, so it walks the
/// tree twice without LINQ and allocates little beyond its result.
/// </summary>
/// <remarks>
/// Percent is by required work: a course is one unit; an all-set needs the work of its required
/// children; an at-least-n set needs its required children plus n − r slots, each worth the lightest
/// optional child. Every weight is fixed by the tree alone, so completing something never lowers the
/// percent, and the percent reaches 100 exactly when the tree is satisfied.
/// </remarks>
public static class RequirementEvaluator
{
    private const int StackLimit = 256;

    public static Evaluation Evaluate(RequirementNode root, LearnerRecord learner)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(learner);
        var nodes = new EvaluatedNode[Count(root)];
        var index = 0;
        var outcome = Visit(root, locked: false, learner, nodes, ref index);

        var next = ImmutableArray.CreateBuilder<string>();
        index = 0;
        CollectNext(root, nodes, ref index, next);
        return new Evaluation(ImmutableArray.Create(nodes), Percent(outcome), outcome.Satisfied, next.ToImmutable());
    }

    private static Outcome Visit(RequirementNode node, bool locked, LearnerRecord learner, EvaluatedNode[] nodes, ref int index)
    {
        var at = index++;
        Outcome outcome;
        NodeState state;
        if (node.CourseId is { } courseId)
        {
            var completed = learner.Counts(courseId);
            var started = learner.Started?.Contains(courseId) == true;
            outcome = new Outcome(completed, completed ? 1 : 0, 1, completed || started);
            state = completed ? NodeState.Completed : locked ? NodeState.Locked : started ? NodeState.InProgress : NodeState.Available;
        }
        else
        {
            outcome = VisitSet(node, locked, learner, nodes, ref index);
            state = outcome.Satisfied ? NodeState.Completed : locked ? NodeState.Locked : outcome.Progress ? NodeState.InProgress : NodeState.Available;
        }

        nodes[at] = new EvaluatedNode(state, outcome.Satisfied, Percent(outcome));
        return outcome;
    }

    private static Outcome VisitSet(RequirementNode set, bool locked, LearnerRecord learner, EvaluatedNode[] nodes, ref int index)
    {
        var children = set.Children;
        var optionalCount = 0;
        foreach (var child in children)
        {
            optionalCount += child.Required ? 0 : 1;
        }

        Span<double> optionalFractions = optionalCount <= StackLimit ? stackalloc double[optionalCount] : new double[optionalCount];
        double requiredWork = 0, requiredDone = 0, lightestOptional = double.MaxValue;
        int satisfiedCount = 0, points = 0, optionalSeen = 0;
        var requiredSatisfied = true;
        var progress = false;
        var previousSatisfied = true;
        foreach (var child in children)
        {
            var childLocked = locked || (set.Mode == SetMode.AllInOrder && !previousSatisfied);
            var outcome = Visit(child, childLocked, learner, nodes, ref index);
            previousSatisfied = outcome.Satisfied;
            progress |= outcome.Progress;
            if (outcome.Satisfied)
            {
                satisfiedCount++;
                points += child.Points ?? 0;
            }

            if (child.Required)
            {
                requiredSatisfied &= outcome.Satisfied;
                requiredWork += outcome.Weight;
                requiredDone += outcome.Weight * outcome.Fraction;
            }
            else
            {
                optionalFractions[optionalSeen++] = outcome.Fraction;
                lightestOptional = Math.Min(lightestOptional, outcome.Weight);
            }
        }

        var slots = set.Mode == SetMode.AtLeast ? Math.Max(0, (set.Min ?? 0) - (children.Length - optionalCount)) : 0;
        double work = requiredWork, done = requiredDone;
        if (slots > 0 && optionalCount > 0)
        {
            optionalFractions.Sort();
            var take = Math.Min(slots, optionalCount);
            for (var i = 0; i < take; i++)
            {
                done += lightestOptional * optionalFractions[optionalCount - 1 - i];
            }

            work += lightestOptional * slots;
        }

        var countMet = set.Mode != SetMode.AtLeast || satisfiedCount >= (set.Min ?? 0);
        var pointsMet = set.MinPoints is not { } minPoints || points >= minPoints;
        var satisfied = requiredSatisfied && countMet && pointsMet;
        var fraction = work > 0 ? done / work : 1;
        if (set.MinPoints is { } needed and > 0)
        {
            fraction = Math.Min(fraction, Math.Min(1, (double)points / needed));
        }

        return new Outcome(satisfied, satisfied ? 1 : Math.Min(fraction, 1), Math.Max(work, 1), progress);
    }

    private static void CollectNext(RequirementNode node, EvaluatedNode[] nodes, ref int index, ImmutableArray<string>.Builder next)
    {
        var evaluated = nodes[index++];
        if (node.CourseId is { } courseId)
        {
            if (evaluated.State is NodeState.Available or NodeState.InProgress && !next.Contains(courseId))
            {
                next.Add(courseId);
            }

            return;
        }

        foreach (var child in node.Children)
        {
            if (evaluated.Satisfied)
            {
                // Nothing under a satisfied set is needed any more: skip its subtree.
                index += Count(child);
                continue;
            }

            CollectNext(child, nodes, ref index, next);
        }
    }

    private static int Count(RequirementNode node)
    {
        var count = 1;
        foreach (var child in node.Children)
        {
            count += Count(child);
        }

        return count;
    }

    private static int Percent(Outcome outcome) => outcome.Satisfied ? 100 : Math.Min(99, (int)Math.Floor(outcome.Fraction * 100));

    private readonly record struct Outcome(bool Satisfied, double Fraction, double Weight, bool Progress);
}
