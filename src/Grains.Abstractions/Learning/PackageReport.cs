using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>One package version's figures: learners enrolled (or moved) there, how far they are, and the completion rate.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.package-version-report")]
public sealed record PackageVersionReport(
    [property: Id(0)] int Version,
    [property: Id(1)] int Enrolled,
    [property: Id(2)] int NotStarted,
    [property: Id(3)] int InProgress,
    [property: Id(4)] int Completed,
    [property: Id(5)] int Overdue,
    [property: Id(6)] int Expiring = 0)
{
    /// <summary>Completed as a percentage of enrolled, rounded down.</summary>
    public int CompletionRate => Enrolled == 0 ? 0 : Completed * 100 / Enrolled;

    /// <summary>Replays the events of a package's learners as of <paramref name="asOf"/>: each learner counts on the
    /// version they were on then; "in progress" means they started a course after enrolling; "expiring" means completed
    /// and in the recertification window of that completion then.</summary>
    public static ImmutableArray<PackageVersionReport> Build(string packageId, IEnumerable<LearningEvent> events, DateTimeOffset asOf) =>
        [.. PackageLearner.Replay(packageId, events, asOf).GroupBy(l => l.Version).OrderBy(g => g.Key).Select(g => new PackageVersionReport(
            g.Key,
            g.Count(),
            g.Count(l => l.Status == Packages.EnrollmentStatus.NotStarted),
            g.Count(l => l.Status == Packages.EnrollmentStatus.InProgress),
            g.Count(l => l.Status == Packages.EnrollmentStatus.Completed),
            g.Count(l => l.Overdue),
            g.Count(l => l.Expiring)))];

    /// <summary>The report as CSV (RFC 4180; only numbers, so no field needs quoting), one line per version.</summary>
    public static string ToCsv(IEnumerable<PackageVersionReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var csv = new System.Text.StringBuilder("version,enrolled,notStarted,inProgress,completed,overdue,completionRate\r\n");
        foreach (var r in reports)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{r.Version},{r.Enrolled},{r.NotStarted},{r.InProgress},{r.Completed},{r.Overdue},{r.CompletionRate}\r\n");
        }

        return csv.ToString();
    }
}
