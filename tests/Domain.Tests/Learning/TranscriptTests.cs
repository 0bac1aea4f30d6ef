using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Domain.Tests.Learning;

/// <summary>The two questions of an audit: what was true on a day, and what the portal knew on a day.</summary>
public sealed class TranscriptTests
{
    private static readonly DateTimeOffset Imported = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CompletedLongAgo = new(2020, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly LearningEvent[] History =
    [
        Credit("gdpr", Imported, CompletedLongAgo, "imported"),
        new(Guid.NewGuid(), Imported.AddDays(-10), LearningEventKinds.CourseCompleted, "u", "u", CourseId: "phishing", CourseVersion: 2),
    ];

    [Fact]
    public void AnImportedCompletionCountsFromItsOwnDateMarkedImportedWithTheDayItWasRecorded()
    {
        var transcript = Transcript.Build("u", History, asOf: new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), knownAsOf: Imported.AddDays(1));

        var course = Assert.Single(transcript.Courses);
        Assert.Equal(("gdpr", CompletedLongAgo, Imported, true), (course.CourseId, course.CompletedAt, course.RecordedAt, course.Imported));
    }

    [Fact]
    public void WhatThePortalKnewBeforeTheImportHasNoTraceOfIt()
    {
        var transcript = Transcript.Build("u", History, asOf: Imported.AddDays(-1), knownAsOf: Imported.AddDays(-1));

        var course = Assert.Single(transcript.Courses);
        Assert.Equal(("phishing", false), (course.CourseId, course.Imported));
        Assert.Equal(Imported.AddDays(-1), transcript.KnownAsOf);
    }

    [Fact]
    public void BeforeTheImportedCompletionsOwnDateItIsNotYetTrue()
    {
        var transcript = Transcript.Build("u", History, asOf: CompletedLongAgo.AddDays(-1), knownAsOf: Imported.AddDays(1));

        Assert.Empty(transcript.Courses);
    }

    [Fact]
    public void CreditNeverTakesEffectAfterItWasRecorded()
    {
        // Manual credit carries its grant instant; a details date after the recording must not push it into the future.
        LearningEvent[] events = [Credit("gdpr", Imported, Imported.AddYears(1), "manual")];

        var transcript = Transcript.Build("u", events, asOf: Imported.AddHours(1), knownAsOf: Imported.AddHours(1));

        Assert.Equal((Imported, false), (Assert.Single(transcript.Courses).CompletedAt, transcript.Courses[0].Imported));
    }

    [Fact]
    public void AnAssignmentCountsFromWhenItWasRecordedOnBothAxes()
    {
        LearningEvent[] events = [new(Guid.NewGuid(), Imported, LearningEventKinds.Enrolled, "admin", "u", PackageId: "p", PackageVersion: 1)];

        Assert.Empty(Transcript.Build("u", events, asOf: Imported.AddDays(1), knownAsOf: Imported.AddDays(-1)).Packages);
        Assert.Empty(Transcript.Build("u", events, asOf: Imported.AddDays(-1), knownAsOf: Imported.AddDays(1)).Packages);
        Assert.Equal("p", Assert.Single(Transcript.Build("u", events, asOf: Imported, knownAsOf: Imported).Packages).PackageId);
    }

    private static LearningEvent Credit(string courseId, DateTimeOffset recorded, DateTimeOffset completedAt, string source) =>
        new(Guid.NewGuid(), recorded, LearningEventKinds.CreditGranted, "admin", "u", CourseId: courseId,
            Details: $$"""{"reason":null,"source":"{{source}}","completedAt":"{{completedAt:O}}"}""");
}
