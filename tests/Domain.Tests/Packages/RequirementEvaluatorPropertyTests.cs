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
