using CoursePortal.Grains.Abstractions.Packages;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Domain.Tests.Packages;

public sealed class RequirementEvaluatorTests
{
    private static readonly DateTimeOffset Enrolled = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void StandaloneCoursesCountHalfEachAndCompleteTogether()
    {
        var none = Evaluate(PackageSamples.Standalone);
        var one = Evaluate(PackageSamples.Standalone, "code-of-conduct");
        var both = Evaluate(PackageSamples.Standalone, "code-of-conduct", "anti-bribery");

        Assert.Equal((0, 50, 100), (none.Percent, one.Percent, both.Percent));
        Assert.Equal(["code-of-conduct", "anti-bribery"], none.NextCourses.AsEnumerable());
        Assert.Equal([NodeState.InProgress, NodeState.Completed, NodeState.Available], one.Nodes.Select(n => n.State));
        Assert.True(both.IsComplete);
    }

    [Fact]
    public void AFamilyIsSatisfiedByAnyOneOfItsCourses()
    {
        var german = Evaluate(PackageSamples.LanguageFamily, "german-basics");

        Assert.True(german.IsComplete);
        Assert.Equal(NodeState.Available, german.Nodes[2].State);
        Assert.Empty(german.NextCourses);
    }

    [Fact]
    public void ASeriesOpensOneCourseAtATime()
    {
        var start = Evaluate(PackageSamples.EmergencySeries);
        var afterFire = Evaluate(PackageSamples.EmergencySeries, "fire-safety");

        Assert.Equal([NodeState.Available, NodeState.Locked, NodeState.Locked], start.Nodes.Skip(2).Select(n => n.State));
        Assert.Equal(["fire-safety"], start.NextCourses.AsEnumerable());
        Assert.Equal([NodeState.Completed, NodeState.Available, NodeState.Locked], afterFire.Nodes.Skip(2).Select(n => n.State));
        Assert.Equal(33, afterFire.Percent);
    }

    [Fact]
    public void SixOfTenNeedsItsTwoRequiredCoursesAmongTheSix()
    {
        var sixOptional = Evaluate(PackageSamples.SixOfTen, "c3", "c4", "c5", "c6", "c7", "c8");
        var withRequired = Evaluate(PackageSamples.SixOfTen, "c1", "c2", "c3", "c4", "c5", "c6");

        Assert.False(sixOptional.IsComplete);
        Assert.Equal(66, sixOptional.Percent); // 4 of the 6 slots can be filled by optional courses
        Assert.Equal(["c1", "c2", "c9", "c10"], sixOptional.NextCourses.AsEnumerable());
        Assert.True(withRequired.IsComplete);
    }

    [Fact]
    public void ThreeOfFiveGroupsAtTheRootCountsWholeGroups()
    {
        var twoGroups = Evaluate(PackageSamples.ThreeOfFiveGroups, "onboarding", "g1-a", "g1-b", "g2-a", "g2-b", "g3-a");
        var threeGroups = Evaluate(PackageSamples.ThreeOfFiveGroups, "onboarding", "g1-a", "g1-b", "g2-a", "g2-b", "g3-a", "g3-b");

        Assert.False(twoGroups.IsComplete);
        Assert.Equal(85, twoGroups.Percent); // work: onboarding 1 + three groups of 2 = 7; done 1 + 2 + 2 + 1 = 6
        Assert.True(threeGroups.IsComplete);
    }

    [Fact]
    public void PercentFollowsRequiredWorkNotTheNumberOfItems()
    {
        // One course beside a series of four: the series is four fifths of the work.
        var tree = Set(null, SetMode.All, [Course("single"), Set("Series", SetMode.AllInOrder, [Course("s1"), Course("s2"), Course("s3"), Course("s4")])]);

        Assert.Equal(20, Evaluate(tree, "single").Percent);
        Assert.Equal(40, Evaluate(tree, "single", "s1").Percent);
    }

    [Fact]
    public void MinimumPointsCountOnlyCompletedChildren()
    {
        var tree = Set(null, SetMode.All,
            [Set("Credits", SetMode.AtLeast, [Course("a", false, 5), Course("b", false, 3), Course("c", false, 2)], min: 1, minPoints: 7)]);

        Assert.False(Evaluate(tree, "a").IsComplete);
        Assert.Equal(71, Evaluate(tree, "a").Percent);
        Assert.True(Evaluate(tree, "a", "c").IsComplete);
    }

    [Fact]
    public void CreditFromEarlierCompletionsCountsUnlessTheVersionDemandsRetraining()
    {
        var before = new Dictionary<string, DateTimeOffset> { ["code-of-conduct"] = Enrolled.AddDays(-30), ["anti-bribery"] = Enrolled.AddDays(1) };

        var credit = RequirementEvaluator.Evaluate(PackageSamples.Standalone, new LearnerRecord(before, Enrolled));
        var retraining = RequirementEvaluator.Evaluate(PackageSamples.Standalone, new LearnerRecord(before, Enrolled, CompletionsMustFollowEnrollment: true));

        Assert.True(credit.IsComplete);
        Assert.Equal(50, retraining.Percent);
        Assert.Equal(["code-of-conduct"], retraining.NextCourses.AsEnumerable());
    }

    [Fact]
    public void AStartedCourseIsInProgress()
    {
        var learner = new LearnerRecord(new Dictionary<string, DateTimeOffset>(), Enrolled, Started: new HashSet<string> { "anti-bribery" });

        var evaluation = RequirementEvaluator.Evaluate(PackageSamples.Standalone, learner);

        Assert.Equal([NodeState.InProgress, NodeState.Available, NodeState.InProgress], evaluation.Nodes.Select(n => n.State));
    }

    [Fact]
    public void ASeriesMemberCompletedBeforeItsPredecessorDoesNotCountEvenAsCreditFromBeforeTheEnrollment()
    {
        // Decided for a compliance record: order is judged on completion times whatever their source or date.
        var firstAidBeforeFireSafety = Times(("first-aid", Enrolled.AddDays(-30)), ("fire-safety", Enrolled.AddDays(2)));

        var evaluation = RequirementEvaluator.Evaluate(PackageSamples.EmergencySeries, new LearnerRecord(firstAidBeforeFireSafety, Enrolled));

        Assert.Equal([NodeState.Completed, NodeState.Available, NodeState.Locked], evaluation.Nodes.Skip(2).Select(n => n.State));
        Assert.Equal([false, true, false], evaluation.Nodes.Skip(2).Select(n => n.CompletedOutOfOrder));
        Assert.Equal(33, evaluation.Percent);
        Assert.Equal(["first-aid"], evaluation.NextCourses.AsEnumerable());
    }

    [Fact]
    public void ACompletionThatRetrainingRulesOutIsNotCalledOutOfOrder()
    {
        // Before the enrollment, with completions required after it: the date rules it out, not the order.
        var before = Times(("fire-safety", Enrolled.AddDays(-30)), ("first-aid", Enrolled.AddDays(-20)));

        var evaluation = RequirementEvaluator.Evaluate(PackageSamples.EmergencySeries, new LearnerRecord(before, Enrolled, CompletionsMustFollowEnrollment: true));

        Assert.All(evaluation.Nodes, n => Assert.False(n.CompletedOutOfOrder));
    }

    [Fact]
    public void ASeriesMemberDoesNotCountWhileItsPredecessorIsIncomplete()
    {
        var evaluation = Evaluate(PackageSamples.EmergencySeries, "first-aid", "evacuation");

        Assert.Equal([NodeState.Available, NodeState.Locked, NodeState.Locked], evaluation.Nodes.Skip(2).Select(n => n.State));
        Assert.Equal(0, evaluation.Percent);
    }

    [Fact]
    public void CreditGrantedAfterThePredecessorMakesAnOutOfOrderMemberCount()
    {
        var regranted = Times(("fire-safety", Enrolled.AddDays(2)), ("first-aid", Enrolled.AddDays(3)), ("evacuation", Enrolled.AddDays(3)));

        Assert.True(RequirementEvaluator.Evaluate(PackageSamples.EmergencySeries, new LearnerRecord(regranted, Enrolled)).IsComplete);
    }

    [Fact]
    public void ASetInASeriesIsSatisfiedWhenItsRuleFirstHeldAndTheNextMemberMustFollowThat()
    {
        // Two of three electives, then the exam: the electives were satisfied on day 5 (the second of them).
        var tree = Set(null, SetMode.AllInOrder,
            [Set("Electives", SetMode.AtLeast, [Course("e1", false), Course("e2", false), Course("e3", false)], min: 2), Course("exam")]);
        var examOnDay4 = Times(("e1", Enrolled.AddDays(1)), ("e2", Enrolled.AddDays(5)), ("e3", Enrolled.AddDays(9)), ("exam", Enrolled.AddDays(4)));
        var examOnDay5 = new Dictionary<string, DateTimeOffset>(examOnDay4, StringComparer.Ordinal) { ["exam"] = Enrolled.AddDays(5) };

        Assert.False(RequirementEvaluator.Evaluate(tree, new LearnerRecord(examOnDay4, Enrolled)).IsComplete);
        Assert.True(RequirementEvaluator.Evaluate(tree, new LearnerRecord(examOnDay5, Enrolled)).IsComplete);
    }

    [Fact]
    public void ALockedCourseNamesTheOpenCourseOfTheOutermostSeriesHoldingIt()
    {
        var tree = Set(null, SetMode.All,
        [
            Course("intro"),
            Set("Path", SetMode.AllInOrder, [Set("Basics", SetMode.AllInOrder, [Course("b1"), Course("b2")]), Set("Advanced", SetMode.AllInOrder, [Course("a1"), Course("a2")])]),
        ]);
        var evaluation = Evaluate(tree, "b1");

        Assert.Equal("b2", SeriesLock.FinishFirst(tree, evaluation, "a2"));
        Assert.Equal("b2", SeriesLock.FinishFirst(tree, evaluation, "a1"));
        Assert.Null(SeriesLock.FinishFirst(tree, evaluation, "b2"));
        Assert.Null(SeriesLock.FinishFirst(tree, evaluation, "intro"));
        Assert.Null(SeriesLock.FinishFirst(tree, evaluation, "not-in-the-tree"));
    }

    private static Dictionary<string, DateTimeOffset> Times(params (string Course, DateTimeOffset At)[] completions) =>
        completions.ToDictionary(c => c.Course, c => c.At, StringComparer.Ordinal);

    private static Evaluation Evaluate(RequirementNode tree, params string[] completed) =>
        RequirementEvaluator.Evaluate(tree, new LearnerRecord(completed.ToDictionary(c => c, _ => Enrolled.AddDays(1)), Enrolled));
}
