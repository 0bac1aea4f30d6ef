using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Packages;
using CsCheck;

namespace CoursePortal.Domain.Tests.Packages;

public sealed class EvaluatedRequirementTests
{
    [Fact]
    public void EveryNodeIsZippedWithTheEvaluatedNodeAtItsPreOrderIndexAndItsDepth() =>
        RandomTrees.TreeWithTimes.Sample(t =>
        {
            var evaluation = RequirementEvaluator.Evaluate(t.Tree, new LearnerRecord(t.Completed, DateTimeOffset.UnixEpoch));
            var zipped = EvaluatedRequirement.Zip(t.Tree, evaluation).PreOrder().ToList();
            var nodes = t.Tree.PreOrder().ToList();

            Assert.Equal(nodes.Count, zipped.Count);
            for (var i = 0; i < nodes.Count; i++)
            {
                Assert.Same(nodes[i], zipped[i].Node);
                Assert.Equal((i, evaluation.Nodes[i]), (zipped[i].Index, zipped[i].Evaluated));
                Assert.Equal(zipped[i].Node.Children.Length, zipped[i].Children.Length);
                Assert.All(zipped[i].Children, c => Assert.Equal(zipped[i].Depth + 1, c.Depth));
            }
        }, iter: 500);

    [Fact]
    public void TheZippedTreeKeepsTheShapeOfTheRequirementTree()
    {
        var tree = PackageSamples.EmergencySeries;
        var evaluation = RequirementEvaluator.Evaluate(tree, RandomTrees.Learner(["fire-safety"]));

        var zipped = EvaluatedRequirement.Zip(tree, evaluation);

        Assert.Equal((0, 0), (zipped.Index, zipped.Depth));
        var series = Assert.Single(zipped.Children);
        Assert.Equal(("Emergency procedures", 1, 1), (series.Node.Name, series.Index, series.Depth));
        Assert.Equal(
            [("fire-safety", NodeState.Completed, 2), ("first-aid", NodeState.Available, 2), ("evacuation", NodeState.Locked, 2)],
            series.Children.Select(c => (c.Node.CourseId, c.Evaluated.State, c.Depth)));
    }

    [Fact]
    public void AnEvaluationOfAnotherTreeIsRefused()
    {
        var evaluation = RequirementEvaluator.Evaluate(PackageSamples.Standalone, RandomTrees.Learner([]));

        Assert.Throws<ArgumentException>(() => EvaluatedRequirement.Zip(PackageSamples.EmergencySeries, evaluation));
        Assert.Throws<ArgumentException>(() => EvaluatedRequirement.Zip(PackageSamples.CyberV1, evaluation with { Nodes = evaluation.Nodes.Add(default) }));
        Assert.Throws<ArgumentException>(() => EvaluatedRequirement.Zip(PackageSamples.CyberV1, evaluation with { Nodes = ImmutableArray<EvaluatedNode>.Empty }));
    }

    [Fact]
    public void TheCourseIdsAreEveryCourseInPreOrder() =>
        Assert.Equal(["onboarding", "g1-a", "g1-b", "g2-a"], PackageSamples.ThreeOfFiveGroups.CourseIds().Take(4));
}
