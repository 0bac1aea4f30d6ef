using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Domain.Tests.Learning;

public sealed class PackageReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EachLearnerCountsOnTheVersionTheyAreOnWithTheirProgress()
    {
        LearningEvent[] events =
        [
            Event(LearningEventKinds.Enrolled, "idle", T0, version: 1, details: """{"dueAt":"2026-01-10T00:00:00+00:00"}"""),
            Event(LearningEventKinds.Enrolled, "busy", T0, version: 1),
            Event(LearningEventKinds.CourseStarted, "busy", T0.AddDays(1)),
            Event(LearningEventKinds.Enrolled, "done", T0, version: 1),
            Event(LearningEventKinds.PackageCompleted, "done", T0.AddDays(2), version: 1),
            Event(LearningEventKinds.Enrolled, "moved", T0, version: 1),
            Event(LearningEventKinds.MovedToVersion, "moved", T0.AddDays(3), version: 2),
        ];

        var reports = PackageVersionReport.Build("p", events, T0.AddDays(20));

        Assert.Equal([new PackageVersionReport(1, 3, 1, 1, 1, 1), new PackageVersionReport(2, 1, 1, 0, 0, 0)], reports.AsEnumerable());
        Assert.Equal(33, reports[0].CompletionRate);
        Assert.Equal(
            "version,enrolled,notStarted,inProgress,completed,overdue,completionRate\r\n1,3,1,1,1,1,33\r\n2,1,1,0,0,0,0\r\n",
            PackageVersionReport.ToCsv(reports));
    }

    [Fact]
    public void ACompletionIsExpiringInTheDomainsRecertificationWindowOnly()
    {
        LearningEvent[] events =
        [
            Event(LearningEventKinds.Enrolled, "cert", T0, version: 1),
            Event(LearningEventKinds.PackageCompleted, "cert", T0.AddDays(1), version: 1,
                details: """{"expiresAt":"2026-04-11T00:00:00+00:00","validityDays":100}"""),
            Event(LearningEventKinds.Enrolled, "old", T0, version: 1),
            Event(LearningEventKinds.PackageCompleted, "old", T0.AddDays(1), version: 1),
        ];

        // Expiring on 11 April after 100 days of validity: recertification falls due in the last 25 days (EnrollmentRules.Certification), from 17 March.
        int Expiring(DateTimeOffset asOf) => PackageVersionReport.Build("p", events, asOf).Single().Expiring;

        Assert.Equal([0, 1, 1, 0], new[] { T0.AddDays(75).AddSeconds(-1), T0.AddDays(75), T0.AddDays(100).AddSeconds(-1), T0.AddDays(100) }.Select(Expiring));
        Assert.Equal(new DateTimeOffset(2026, 4, 11, 0, 0, 0, TimeSpan.Zero), PackageLearner.Replay("p", events, T0.AddDays(80)).Single(l => l.UserId == "cert").ExpiresAt);
    }

    [Fact]
    public void AnEnrollmentThatRecordsItsStartIsInProgressFromItsPackageStartedAndNotFromOtherCourses()
    {
        const string Records = """{"startedEvent":true}""";
        LearningEvent[] events =
        [
            // Credit carried in: the enrollment turned in progress the moment it was made.
            Event(LearningEventKinds.Enrolled, "credited", T0, version: 1, details: Records),
            Event(LearningEventKinds.PackageStarted, "credited", T0, version: 1),
            // Took a course that is not in the package: not started here.
            Event(LearningEventKinds.Enrolled, "elsewhere", T0, version: 1, details: Records),
            Event(LearningEventKinds.CourseStarted, "elsewhere", T0.AddDays(1)),
            // A package start before the enrollment belongs to no spell of it.
            Event(LearningEventKinds.PackageStarted, "early", T0.AddDays(-1), version: 1),
            Event(LearningEventKinds.Enrolled, "early", T0, version: 1, details: Records),
            // An enrollment from before package_started was recorded goes by course activity, and ignores one.
            Event(LearningEventKinds.Enrolled, "legacy", T0, version: 1),
            Event(LearningEventKinds.PackageStarted, "legacy", T0.AddDays(1), version: 1),
        ];

        var learners = PackageLearner.Replay("p", events, T0.AddDays(5)).ToDictionary(l => l.UserId, l => l.Status);

        Assert.Equal(EnrollmentStatus.InProgress, learners["credited"]);
        Assert.Equal(EnrollmentStatus.NotStarted, learners["elsewhere"]);
        Assert.Equal(EnrollmentStatus.NotStarted, learners["early"]);
        Assert.Equal(EnrollmentStatus.NotStarted, learners["legacy"]);
    }

    private static LearningEvent Event(string kind, string user, DateTimeOffset at, int? version = null, string details = "{}") =>
        new(Guid.NewGuid(), at, kind, user, user, PackageId: kind == LearningEventKinds.CourseStarted ? null : "p", PackageVersion: version,
            CourseId: kind == LearningEventKinds.CourseStarted ? "c" : null, Details: details);
}
