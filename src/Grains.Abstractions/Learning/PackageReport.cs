using System.Collections.Immutable;
using System.Text.Json;

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
    [property: Id(5)] int Overdue)
{
    /// <summary>Completed as a percentage of enrolled, rounded down.</summary>
    public int CompletionRate => Enrolled == 0 ? 0 : Completed * 100 / Enrolled;

    /// <summary>Replays the events of a package's learners as of <paramref name="asOf"/>: each learner counts on the
    /// version they were on then; "in progress" means they started a course after enrolling.</summary>
    public static ImmutableArray<PackageVersionReport> Build(string packageId, IEnumerable<LearningEvent> events, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(events);
        var learners = new Dictionary<string, (int Version, DateTimeOffset EnrolledAt, DateTimeOffset? Due, bool Completed, bool Started)>(StringComparer.Ordinal);
        foreach (var e in events.Where(e => e.OccurredAt <= asOf && e.UserId is not null).OrderBy(e => e.OccurredAt))
        {
            var user = e.UserId!;
            var known = learners.TryGetValue(user, out var l);
            switch (e.Kind)
            {
                case LearningEventKinds.Enrolled when e.PackageId == packageId && e.PackageVersion is { } v:
                    learners[user] = (v, e.OccurredAt, Due(e.Details), false, false);
                    break;
                case LearningEventKinds.MovedToVersion when known && e.PackageId == packageId && e.PackageVersion is { } v:
                    learners[user] = l with { Version = v };
                    break;
                case LearningEventKinds.PackageCompleted when known && e.PackageId == packageId:
                    learners[user] = l with { Completed = true };
                    break;
                case LearningEventKinds.CourseStarted or LearningEventKinds.LessonCompleted or LearningEventKinds.CourseCompleted
                    when known && e.OccurredAt >= l.EnrolledAt:
                    learners[user] = l with { Started = true };
                    break;
            }
        }

        return [.. learners.Values.GroupBy(l => l.Version).OrderBy(g => g.Key).Select(g => new PackageVersionReport(
            g.Key,
            g.Count(),
            g.Count(l => !l.Completed && !l.Started),
            g.Count(l => !l.Completed && l.Started),
            g.Count(l => l.Completed),
            g.Count(l => !l.Completed && l.Due is { } due && due < asOf)))];
    }

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

    private static DateTimeOffset? Due(string details)
    {
        using var json = JsonDocument.Parse(details);
        return json.RootElement.TryGetProperty("dueAt", out var due) && due.ValueKind == JsonValueKind.String && due.TryGetDateTimeOffset(out var at) ? at : null;
    }
}
