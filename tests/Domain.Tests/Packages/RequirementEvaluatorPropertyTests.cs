using CoursePortal.Grains.Abstractions.Packages;
using CsCheck;

namespace CoursePortal.Domain.Tests.Packages;

public sealed class RequirementEvaluatorPropertyTests
{
    private const int Iterations = 2_000;

    [Fact]
    public void GeneratedTreesAreValid() =>
        RandomTrees.Tree.Sample(t => Assert.Empty(RequirementValidation.Validate(t.Tree)), iter: Iterations);

    [Fact]
    public void AddingACompletionNeverMakesASatisfiedSetUnsatisfied() =>
        RandomTrees.TreeWithProgress.Sample(t =>
        {
            var before = RequirementEvaluator.Evaluate(t.Tree, RandomTrees.Learner(t.Completed));
            var after = RequirementEvaluator.Evaluate(t.Tree, RandomTrees.Learner(t.Completed.Append(t.Next)));
            for (var i = 0; i < before.Nodes.Length; i++)
            {
                Assert.True(!before.Nodes[i].Satisfied || after.Nodes[i].Satisfied, $"node {i} lost its satisfaction");
            }
        }, iter: Iterations);

    [Fact]
    public void AnAtLeastSetIsSatisfiedExactlyWhenEnoughChildrenAndEveryRequiredOneAre() =>
        RandomTrees.TreeWithProgress.Sample(t =>
        {
            var evaluation = RequirementEvaluator.Evaluate(t.Tree, RandomTrees.Learner(t.Completed));
            foreach (var (node, index, children) in Sets(t.Tree))
            {
                if (node.Mode != SetMode.AtLeast || node.MinPoints is not null)
                {
                    continue;
                }

                var satisfiedChildren = children.Count(c => evaluation.Nodes[c.Index].Satisfied);
                var requiredSatisfied = children.All(c => !c.Node.Required || evaluation.Nodes[c.Index].Satisfied);
                Assert.Equal(satisfiedChildren >= node.Min && requiredSatisfied, evaluation.Nodes[index].Satisfied);
            }
        }, iter: Iterations);

    [Fact]
    public void AChildOfASeriesIsLockedExactlyWhileItsPredecessorIsIncomplete() =>
        RandomTrees.TreeWithProgress.Sample(t =>
        {
            var evaluation = RequirementEvaluator.Evaluate(t.Tree, RandomTrees.Learner(t.Completed));
            foreach (var (node, index, children) in Sets(t.Tree))
            {
                // Under a lock from above everything stays locked; the property is about an open series.
                if (node.Mode != SetMode.AllInOrder || evaluation.Nodes[index].State is not (NodeState.Available or NodeState.InProgress))
                {
                    continue;
                }

                for (var i = 1; i < children.Count; i++)
                {
                    var child = evaluation.Nodes[children[i].Index];
                    if (child.Satisfied)
                    {
                        continue;
                    }

                    var predecessorComplete = evaluation.Nodes[children[i - 1].Index].Satisfied;
                    Assert.Equal(!predecessorComplete, child.State == NodeState.Locked);
                }
            }
        }, iter: Iterations);

    [Fact]
    public void PercentNeverFallsAndIsAHundredExactlyAtCompletion() =>
        RandomTrees.TreeWithProgress.Sample(t =>
        {
            var before = RequirementEvaluator.Evaluate(t.Tree, RandomTrees.Learner(t.Completed));
            var after = RequirementEvaluator.Evaluate(t.Tree, RandomTrees.Learner(t.Completed.Append(t.Next)));
            Assert.True(after.Percent >= before.Percent, $"{before.Percent} → {after.Percent}");
            Assert.Equal(before.IsComplete, before.Percent == 100);
            Assert.Equal(after.IsComplete, after.Percent == 100);
            for (var i = 0; i < before.Nodes.Length; i++)
            {
                Assert.True(after.Nodes[i].Percent >= before.Nodes[i].Percent);
                Assert.Equal(before.Nodes[i].Satisfied, before.Nodes[i].Percent == 100);
            }
        }, iter: Iterations);

    [Fact]
    public void CompletingEveryCourseCompletesThePackageAndNothingIsLeftToTake() =>
        RandomTrees.Tree.Sample(t =>
        {
            var evaluation = RequirementEvaluator.Evaluate(t.Tree, RandomTrees.Learner(t.Courses));
            Assert.True(evaluation.IsComplete);
            Assert.Empty(evaluation.NextCourses);
        }, iter: Iterations);

    [Fact]
    public void ASeriesMemberCountedCompleteWasCompletedAtOrAfterEveryEarlierMemberItFollows() =>
        RandomTrees.TreeWithTimes.Sample(t =>
        {
            var evaluation = RequirementEvaluator.Evaluate(t.Tree, Learner(t.Completed));
            foreach (var (node, _, children) in Sets(t.Tree).Where(s => s.Node.Mode == SetMode.AllInOrder))
            {
                for (var i = 1; i < children.Count; i++)
                {
                    if (!evaluation.Nodes[children[i].Index].Satisfied)
                    {
                        continue;
                    }

                    // Counted courses inside the member: each follows the moment every earlier member was satisfied,
                    // found independently as the earliest cut-off of the record under which that member is satisfied.
                    var counted = Courses(children[i].Node, children[i].Index).Where(c => evaluation.Nodes[c.Index].State == NodeState.Completed).ToList();
                    for (var j = 0; j < i; j++)
                    {
                        var satisfiedAt = SatisfiedAt(t.Tree, t.Completed, children[j].Index);
                        Assert.NotNull(satisfiedAt);
                        Assert.All(counted, c => Assert.True(t.Completed[c.Node.CourseId!] >= satisfiedAt,
                            $"{c.Node.CourseId} ({t.Completed[c.Node.CourseId!]:O}) counts before member {j} was satisfied ({satisfiedAt:O})"));
                    }
                }
            }
        }, iter: Iterations);

    [Fact]
    public void ASeriesCompletedInOrderIsSatisfiedAndReversedOnlyWhenNothingAfterTheFirstIsRequired() =>
        RandomTrees.SeriesInOrder.Sample(t =>
        {
            var last = t.InOrder.Values.Max();
            var first = t.InOrder.Values.Min();
            var reversed = t.InOrder.ToDictionary(c => c.Key, c => first + (last - c.Value), StringComparer.Ordinal);

            Assert.True(RequirementEvaluator.Evaluate(t.Series, Learner(t.InOrder)).IsComplete);
            Assert.Equal(t.Series.Children.Skip(1).All(c => !c.Required), RequirementEvaluator.Evaluate(t.Series, Learner(reversed)).IsComplete);
        }, iter: Iterations);

    [Fact]
    public void OutsideSeriesTheOrderOfCompletionsChangesNothing() =>
        RandomTrees.TreeWithTimes.Sample(t =>
        {
            if (t.Tree.PreOrder().Any(n => n.Mode == SetMode.AllInOrder && !n.IsCourse))
            {
                return;
            }

            var last = t.Completed.Values.DefaultIfEmpty(DateTimeOffset.UnixEpoch).Max();
            var reversed = t.Completed.ToDictionary(c => c.Key, c => DateTimeOffset.UnixEpoch + (last - c.Value), StringComparer.Ordinal);
            Assert.Equal(RequirementEvaluator.Evaluate(t.Tree, Learner(t.Completed)).Nodes.ToArray(), RequirementEvaluator.Evaluate(t.Tree, Learner(reversed)).Nodes.ToArray());
        }, iter: Iterations);

    [Fact]
    public void ACourseIsMarkedCompletedOutOfOrderExactlyWhenItsCompletionExistsButDoesNotCount() =>
        RandomTrees.TreeWithTimes.Sample(t =>
        {
            var evaluation = RequirementEvaluator.Evaluate(t.Tree, Learner(t.Completed));
            var nodes = t.Tree.PreOrder().ToList();
            for (var i = 0; i < nodes.Count; i++)
            {
                var shouldBeMarked = nodes[i].CourseId is { } courseId && t.Completed.ContainsKey(courseId) && evaluation.Nodes[i].State != NodeState.Completed;
                Assert.Equal(shouldBeMarked, evaluation.Nodes[i].CompletedOutOfOrder);
            }
        }, iter: Iterations);

    [Fact]
    public void ALockedCourseAlwaysHasAnOpenCourseToFinishFirstInTheSameTree() =>
        RandomTrees.TreeWithTimes.Sample(t =>
        {
            var evaluation = RequirementEvaluator.Evaluate(t.Tree, Learner(t.Completed));
            var nodes = t.Tree.PreOrder().ToList();
            for (var i = 0; i < nodes.Count; i++)
            {
                if (nodes[i].CourseId is not { } courseId)
                {
                    continue;
                }

                var first = SeriesLock.FinishFirst(t.Tree, evaluation, courseId);
                var lockedSomewhere = nodes.Where((n, k) => n.CourseId == courseId && evaluation.Nodes[k].State == NodeState.Locked).Any();
                Assert.Equal(lockedSomewhere, first is not null);
                if (first is not null)
                {
                    Assert.Contains(nodes.Select((n, k) => (n, k)), x => x.n.CourseId == first && evaluation.Nodes[x.k].State is NodeState.Available or NodeState.InProgress);
                }
            }
        }, iter: Iterations);

    private static LearnerRecord Learner(IReadOnlyDictionary<string, DateTimeOffset> completed) => new(completed, DateTimeOffset.UnixEpoch);

    /// <summary>The earliest completion time (or the beginning of time, for a set that asks for nothing) by which node
    /// <paramref name="index"/> is satisfied when the record is cut off there; null when it never is.</summary>
    private static DateTimeOffset? SatisfiedAt(RequirementNode tree, Dictionary<string, DateTimeOffset> completed, int index) =>
        completed.Values.Append(DateTimeOffset.MinValue).Distinct().Order()
            .Select(cut => (DateTimeOffset?)cut)
            .FirstOrDefault(cut => RequirementEvaluator.Evaluate(tree, Learner(completed.Where(c => c.Value <= cut).ToDictionary())).Nodes[index].Satisfied);

    private static IEnumerable<(RequirementNode Node, int Index)> Courses(RequirementNode subtree, int at) =>
        subtree.PreOrder().Select((n, i) => (n, at + i)).Where(x => x.n.IsCourse);

    /// <summary>Every set with its pre-order index and its children's nodes and indexes.</summary>
    private static IEnumerable<(RequirementNode Node, int Index, List<(RequirementNode Node, int Index)> Children)> Sets(RequirementNode root)
    {
        var order = new Dictionary<RequirementNode, int>(ReferenceEqualityComparer.Instance);
        foreach (var node in root.PreOrder())
        {
            order[node] = order.Count;
        }

        return root.PreOrder().Where(n => !n.IsCourse).Select(n => (n, order[n], n.Children.Select(c => (c, order[c])).ToList()));
    }
}
