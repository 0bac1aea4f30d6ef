using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Domain.Tests.Learning;

/// <summary>The course report's averages as CourseVersionReport.Build defines them (the PostgreSQL read model is tested
/// against this replay): attempts per pass counts each passing learner's attempts up to their first pass, the time to
/// complete runs from a learner's first start to their first completion.</summary>
public sealed class CourseReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static LearningEvent Event(string user, string kind, int minutes, bool? passed = null) =>
        new(Guid.NewGuid(), T0.AddMinutes(minutes), kind, user, user, CourseId: "c", CourseVersion: 1, LessonId: passed is null ? null : "quiz",
            Details: passed is { } p ? $"{{\"passed\":{(p ? "true" : "false")}}}" : "{}");

    private static readonly LearningEvent[] History =
    [
        Event("ana", LearningEventKinds.CourseStarted, 0),
        Event("ana", LearningEventKinds.AssessmentAttempted, 10, passed: false),
        Event("ana", LearningEventKinds.AssessmentAttempted, 20, passed: true),
        Event("ana", LearningEventKinds.CourseCompleted, 30),
        Event("ana", LearningEventKinds.AssessmentAttempted, 40, passed: false),
        Event("ben", LearningEventKinds.CourseStarted, 0),
        Event("ben", LearningEventKinds.AssessmentAttempted, 50, passed: true),
        Event("ben", LearningEventKinds.CourseCompleted, 60),
        Event("cai", LearningEventKinds.CourseStarted, 5),
        Event("cai", LearningEventKinds.AssessmentAttempted, 15, passed: false),
        // Completed by credit before any start: no time to complete.
        Event("dee", LearningEventKinds.CourseCompleted, 70),
    ];

    [Fact]
    public void AttemptsPerPassAndTheAverageTimeToCompleteCountEachLearnerUpToTheirFirstPassAndCompletion()
    {
        var report = Assert.Single(CourseVersionReport.Build("c", History, T0.AddHours(2)));

        Assert.Equal(2, report.Passed);
        Assert.Equal(3, report.PassAttempts);
        Assert.Equal(1.5, report.AttemptsPerPass);
        Assert.Equal(2, report.TimedCompletions);
        Assert.Equal(TimeSpan.FromMinutes(45), report.AverageTimeToComplete);
        Assert.Equal(66, report.PassRate);
    }

    [Fact]
    public void AsOfAMomentOnlyThePassesAndCompletionsBeforeItCount()
    {
        var early = Assert.Single(CourseVersionReport.Build("c", History, T0.AddMinutes(35)));
        var none = Assert.Single(CourseVersionReport.Build("c", History, T0.AddMinutes(12)));

        Assert.Equal(1, early.Passed);
        Assert.Equal(2.0, early.AttemptsPerPass);
        Assert.Equal(TimeSpan.FromMinutes(30), early.AverageTimeToComplete);
        Assert.Null(none.AttemptsPerPass);
        Assert.Null(none.AverageTimeToComplete);
    }
}
