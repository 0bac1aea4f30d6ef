using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Domain.Tests.Packages;

public sealed class EnrollmentRulesTests
{
    private static readonly DateTimeOffset Completed = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnEnrollmentIsNotStartedUntilWorkCountsOrIsStartedAndCompletedOnceItIs()
    {
        var tree = PackageSamples.Standalone;
        var none = RequirementEvaluator.Evaluate(tree, RandomTrees.Learner([]));
        var started = RequirementEvaluator.Evaluate(tree, LearnerRecord.Empty(Completed) with { Started = new HashSet<string> { "anti-bribery" } });
        var half = RequirementEvaluator.Evaluate(tree, RandomTrees.Learner(["anti-bribery"]));

        Assert.Equal(0, started.Percent);
        Assert.Equal(
            [EnrollmentStatus.NotStarted, EnrollmentStatus.InProgress, EnrollmentStatus.InProgress, EnrollmentStatus.Completed],
            [EnrollmentRules.Status(null, none), EnrollmentRules.Status(null, started), EnrollmentRules.Status(null, half), EnrollmentRules.Status(Completed, none)]);
    }

    [Fact]
    public void AStartedEnrollmentIsInProgressWhateverItsEvaluationSays()
    {
        var none = RequirementEvaluator.Evaluate(PackageSamples.Standalone, RandomTrees.Learner([]));

        Assert.Equal(
            [EnrollmentStatus.NotStarted, EnrollmentStatus.InProgress, EnrollmentStatus.Completed],
            [EnrollmentRules.Status(null, null, none), EnrollmentRules.Status(null, Completed, none), EnrollmentRules.Status(Completed, Completed, none)]);
        Assert.False(EnrollmentRules.CountsWork(none));
    }

    [Fact]
    public void ACompletedEnrollmentStaysAtAHundredPercent()
    {
        var half = RequirementEvaluator.Evaluate(PackageSamples.Standalone, RandomTrees.Learner(["anti-bribery"]));

        Assert.Equal((50, 100), (EnrollmentRules.Percent(null, half), EnrollmentRules.Percent(Completed, half)));
    }

    [Fact]
    public void AnEnrollmentIsOverdueOnlyAfterItsDueDateAndWhileNotCompleted()
    {
        var due = Completed;

        Assert.False(EnrollmentRules.IsOverdue(null, null, due.AddYears(1)));
        Assert.False(EnrollmentRules.IsOverdue(null, due, due));
        Assert.True(EnrollmentRules.IsOverdue(null, due, due.AddTicks(1)));
        Assert.False(EnrollmentRules.IsOverdue(due.AddDays(2), due, due.AddDays(3)));
    }

    [Theory]
    [InlineData(365, 0, CertificationStatus.Valid)]
    [InlineData(365, 334, CertificationStatus.Valid)]
    [InlineData(365, 335, CertificationStatus.RecertificationDue)]
    [InlineData(365, 365, CertificationStatus.Expired)]
    [InlineData(40, 29, CertificationStatus.Valid)]
    [InlineData(40, 30, CertificationStatus.RecertificationDue)]
    [InlineData(40, 40, CertificationStatus.Expired)]
    public void ACertificationFallsDueInTheLastMonthOrQuarterOfItsValidityAndThenExpires(int validityDays, int daysLater, CertificationStatus expected) =>
        Assert.Equal((Completed.AddDays(validityDays), expected), EnrollmentRules.Certification(Completed, validityDays, Completed.AddDays(daysLater)));

    [Fact]
    public void ThereIsNoCertificationWithoutACompletionOrAValidityPeriod()
    {
        Assert.Equal((null, CertificationStatus.None), EnrollmentRules.Certification(null, 365, Completed));
        Assert.Equal((null, CertificationStatus.None), EnrollmentRules.Certification(Completed, null, Completed.AddYears(5)));
    }
}
