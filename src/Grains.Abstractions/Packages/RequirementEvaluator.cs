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
/// <para>
/// A series (<see cref="SetMode.AllInOrder"/>) is a statement about the order the learning happened in, so its
/// members count in that order by their completion times: a member counts only when everything it is
/// counted on was completed at or after the moment its predecessor was satisfied (ties count), and never while
/// its predecessor is unsatisfied. A set is satisfied at the earliest completion time at which its rule held.
/// The rule applies to every completion whatever its source (the course, an admin's credit, an import) and
/// even when it precedes the enrollment: a compliance record that shows the later course done first is no
/// proof that the series was followed. Where an organisation accepts such prior learning, an admin grants
/// credit for the later course (audited, with a reason); credit is dated when granted, so it then follows its
/// predecessor. Only the latest completion of each course is known, so a predecessor completed again later
/// (recertification, new credit) makes the members after it count again only once they are completed after it.
/// </para>
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
        var outcome = Visit(root, locked: false, notBefore: long.MinValue, learner, nodes, ref index);

        var next = ImmutableArray.CreateBuilder<string>();
        index = 0;
        CollectNext(root, nodes, ref index, next);
        return new Evaluation(ImmutableArray.Create(nodes), Percent(outcome), outcome.Satisfied, next.ToImmutable());
    }

    // notBefore (UTC ticks): completions before it do not count here (a series member's predecessor was satisfied
    // then); long.MaxValue when nothing can count (the predecessor is unsatisfied).
    private static Outcome Visit(RequirementNode node, bool locked, long notBefore, LearnerRecord learner, EvaluatedNode[] nodes, ref int index)
    {
        var at = index++;
        Outcome outcome;
        NodeState state;
        var outOfOrder = false;
        if (node.CourseId is { } courseId)
        {
            var completedAt = learner.CountedAt(courseId) is { } time ? time.UtcTicks : long.MaxValue;
            var completed = completedAt != long.MaxValue && completedAt >= notBefore;
            outOfOrder = completedAt != long.MaxValue && !completed;
            var started = learner.Started?.Contains(courseId) == true;
            outcome = new Outcome(completed, completed ? 1 : 0, 1, completed || started, completed ? completedAt : long.MaxValue);
            state = completed ? NodeState.Completed : locked ? NodeState.Locked : started ? NodeState.InProgress : NodeState.Available;
        }
        else
        {
            outcome = VisitSet(node, locked, notBefore, learner, nodes, ref index);
            state = outcome.Satisfied ? NodeState.Completed : locked ? NodeState.Locked : outcome.Progress ? NodeState.InProgress : NodeState.Available;
        }

        nodes[at] = new EvaluatedNode(state, outcome.Satisfied, Percent(outcome), outOfOrder);
        return outcome;
    }

    private static Outcome VisitSet(RequirementNode set, bool locked, long notBefore, LearnerRecord learner, EvaluatedNode[] nodes, ref int index)
    {
        var children = set.Children;
        var optionalCount = OptionalCount(children);
        Span<long> satisfiedAt = children.Length <= StackLimit ? stackalloc long[children.Length] : new long[children.Length];
        Span<double> optionalFractions = optionalCount <= StackLimit ? stackalloc double[optionalCount] : new double[optionalCount];
        var tally = VisitChildren(set, locked, notBefore, learner, nodes, ref index, satisfiedAt, optionalFractions);

        // Nothing counts behind an unsatisfied series predecessor, not even a set that asks for nothing.
        var blocked = notBefore == long.MaxValue;
        var satisfied = tally.RequiredSatisfied && CountMet(set, tally.SatisfiedCount) && PointsMet(set, tally.Points) && !blocked;
        var (work, done) = Work(set, tally, optionalFractions);
        var fraction = Fraction(set, work, done, tally.Points, blocked);
        return new Outcome(satisfied, satisfied ? 1 : Math.Min(fraction, 1), Math.Max(work, 1), tally.Progress,
            satisfied ? SatisfiedAt(set, satisfiedAt, notBefore) : long.MaxValue);
    }

    // Fills satisfiedAt (one per child) and optionalFractions (one per optional child, in order) for the set's own rules.
    private static ChildTally VisitChildren(RequirementNode set, bool locked, long notBefore, LearnerRecord learner, EvaluatedNode[] nodes,
        ref int index, Span<long> satisfiedAt, Span<double> optionalFractions)
    {
        var children = set.Children;
        var tally = ChildTally.None;
        var (childLocked, childNotBefore) = (locked, notBefore);
        for (var c = 0; c < children.Length; c++)
        {
            var outcome = Visit(children[c], childLocked, childNotBefore, learner, nodes, ref index);
            satisfiedAt[c] = outcome.SatisfiedAt;
            tally.Add(children[c], outcome, optionalFractions);
            (childLocked, childNotBefore) = SeriesOrder(set, locked, notBefore, outcome);
        }

        return tally;
    }

    /// <summary>The lock and the earliest counting moment of the child after <paramref name="predecessor"/>. In a series
    /// it waits for its predecessor: locked while that is unsatisfied, and counting only completions from the moment it was
    /// satisfied. In any other set every child stands under the set's own lock and moment.</summary>
    private static (bool Locked, long NotBefore) SeriesOrder(RequirementNode set, bool locked, long notBefore, in Outcome predecessor) =>
        set.Mode == SetMode.AllInOrder ? (locked || !predecessor.Satisfied, predecessor.SatisfiedAt) : (locked, notBefore);

    // The at-least rule: enough children satisfied (required ones are checked apart).
    private static bool CountMet(RequirementNode set, int satisfiedCount) => set.Mode != SetMode.AtLeast || satisfiedCount >= (set.Min ?? 0);

    private static bool PointsMet(RequirementNode set, int points) => set.MinPoints is not { } minPoints || points >= minPoints;

    /// <summary>The work the set needs and how much of it is done: its required children, and for an at-least-n set
    /// n − r slots, each worth the lightest optional child and filled by the optional children furthest along. The
    /// weights come from the tree alone, so completing something never lowers the percent.</summary>
    private static (double Work, double Done) Work(RequirementNode set, in ChildTally tally, Span<double> optionalFractions)
    {
        double work = tally.RequiredWork, done = tally.RequiredDone;
        var optionalCount = optionalFractions.Length;
        var slots = set.Mode == SetMode.AtLeast ? Math.Max(0, (set.Min ?? 0) - (set.Children.Length - optionalCount)) : 0;
        if (slots > 0 && optionalCount > 0)
        {
            optionalFractions.Sort();
            var take = Math.Min(slots, optionalCount);
            for (var i = 0; i < take; i++)
            {
                done += tally.LightestOptional * optionalFractions[optionalCount - 1 - i];
            }

            work += tally.LightestOptional * slots;
        }

        return (work, done);
    }

    // A set that asks for no work (all optional, none needed) is done unless it is blocked; one that asks for points is
    // no further along than its share of them, whatever its work says.
    private static double Fraction(RequirementNode set, double work, double done, int points, bool blocked)
    {
        var fraction = work > 0 ? done / work : blocked ? 0 : 1;
        if (set.MinPoints is { } needed and > 0)
        {
            fraction = Math.Min(fraction, Math.Min(1, (double)points / needed));
        }

        return fraction;
    }

    /// <summary>The earliest of the children's satisfaction times (or <paramref name="notBefore"/>) at which the set's
    /// rule held: its satisfaction only grows with more satisfied children, so the first time that works is it.</summary>
    private static long SatisfiedAt(RequirementNode set, ReadOnlySpan<long> childSatisfiedAt, long notBefore)
    {
        var children = set.Children;
        if (set.Mode != SetMode.AtLeast && set.MinPoints is null)
        {
            var latest = notBefore;
            for (var c = 0; c < children.Length; c++)
            {
                latest = children[c].Required ? Math.Max(latest, childSatisfiedAt[c]) : latest;
            }

            return latest;
        }

        var earliest = long.MaxValue;
        for (var candidate = -1; candidate < children.Length; candidate++)
        {
            var time = candidate < 0 ? notBefore : childSatisfiedAt[candidate];
            if (time < earliest && HoldsAt(set, childSatisfiedAt, time))
            {
                earliest = time;
            }
        }

        return earliest;
    }

    private static bool HoldsAt(RequirementNode set, ReadOnlySpan<long> childSatisfiedAt, long time)
    {
        var children = set.Children;
        int count = 0, points = 0;
        for (var c = 0; c < children.Length; c++)
        {
            if (childSatisfiedAt[c] <= time)
            {
                count++;
                points += children[c].Points ?? 0;
            }
            else if (children[c].Required)
            {
                return false;
            }
        }

        return CountMet(set, count) && PointsMet(set, points);
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

    private static int OptionalCount(ImmutableArray<RequirementNode> children)
    {
        var count = 0;
        foreach (var child in children)
        {
            count += child.Required ? 0 : 1;
        }

        return count;
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

    // SatisfiedAt: UTC ticks of the moment the node was satisfied; long.MaxValue while it is not.
    private readonly record struct Outcome(bool Satisfied, double Fraction, double Weight, bool Progress, long SatisfiedAt);

    // What a set's children add up to in one pass: a struct on the stack, so the tally allocates nothing.
    private struct ChildTally
    {
        public int SatisfiedCount;
        public int Points;
        public bool Progress;
        public bool RequiredSatisfied;
        public double RequiredWork;
        public double RequiredDone;
        public double LightestOptional;
        private int _optionalSeen;

        public static ChildTally None => new() { RequiredSatisfied = true, LightestOptional = double.MaxValue };

        public void Add(RequirementNode child, in Outcome outcome, Span<double> optionalFractions)
        {
            Progress |= outcome.Progress;
            if (outcome.Satisfied)
            {
                SatisfiedCount++;
                Points += child.Points ?? 0;
            }

            if (child.Required)
            {
                RequiredSatisfied &= outcome.Satisfied;
                RequiredWork += outcome.Weight;
                RequiredDone += outcome.Weight * outcome.Fraction;
            }
            else
            {
                optionalFractions[_optionalSeen++] = outcome.Fraction;
                LightestOptional = Math.Min(LightestOptional, outcome.Weight);
            }
        }
    }
}
