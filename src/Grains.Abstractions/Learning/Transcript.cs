using System.Collections.Immutable;
using System.Text.Json;

namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>One package on a transcript: the version the user was on at the instant asked about.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.transcript-package")]
public sealed record TranscriptPackage(
    [property: Id(0)] string PackageId,
    [property: Id(1)] int Version,
    [property: Id(2)] DateTimeOffset EnrolledAt,
    [property: Id(3)] DateTimeOffset? DueAt,
    [property: Id(4)] DateTimeOffset? CompletedAt,
    [property: Id(5)] bool Overdue);

/// <summary>One course completion (or credit) on a transcript: when it took effect (<see cref="CompletedAt"/>) and
/// when the portal recorded it (<see cref="RecordedAt"/>), which differ for imported history.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.transcript-course")]
public sealed record TranscriptCourse(
    [property: Id(0)] string CourseId,
    [property: Id(1)] int? Version,
    [property: Id(2)] DateTimeOffset CompletedAt,
    [property: Id(3)] string Source,
    [property: Id(4)] DateTimeOffset RecordedAt)
{
    /// <summary>Brought in from another system's records rather than earned or granted in the portal.</summary>
    public bool Imported => Source == TranscriptSources.Imported;
}

/// <summary>How a course on a transcript was completed.</summary>
public static class TranscriptSources
{
    public const string Course = "course";
    public const string Imported = "imported";
    public const string Manual = "manual";
}

/// <summary>The audit answer: what training a user was assigned, on which version, and what they had
/// completed, as of an instant — built from the learning events alone. It answers the two questions of an audit:
/// what was true at <see cref="AsOf"/> (imported history counts from its own completion date), as the portal knew
/// it at <see cref="KnownAsOf"/> (only what had been recorded by then).</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.transcript")]
public sealed record Transcript(
    [property: Id(0)] string UserId,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] ImmutableArray<TranscriptPackage> Packages,
    [property: Id(3)] ImmutableArray<TranscriptCourse> Courses,
    [property: Id(4)] DateTimeOffset KnownAsOf)
{
    /// <summary>Replays <paramref name="events"/> (one user's, any order): those recorded by <paramref name="knownAsOf"/>
    /// that had taken effect by <paramref name="asOf"/>, in the order they took effect.</summary>
    public static Transcript Build(string userId, IEnumerable<LearningEvent> events, DateTimeOffset asOf, DateTimeOffset knownAsOf)
    {
        ArgumentNullException.ThrowIfNull(events);
        var packages = new Dictionary<string, TranscriptPackage>(StringComparer.Ordinal);
        var courses = new Dictionary<string, TranscriptCourse>(StringComparer.Ordinal);
        // An event is recorded at OccurredAt (the grain's write); only credit carries an earlier effective date.
        var known = events.Where(e => e.OccurredAt <= knownAsOf).Select(e => (Event: e, EffectiveAt: EffectiveAt(e)));
        foreach (var (e, effectiveAt) in known.Where(x => x.EffectiveAt <= asOf).OrderBy(x => x.EffectiveAt).ThenBy(x => x.Event.OccurredAt))
        {
            switch (e.Kind)
            {
                case LearningEventKinds.Enrolled when e.PackageId is not null && e.PackageVersion is { } version:
                    packages[e.PackageId] = new TranscriptPackage(e.PackageId, version, e.OccurredAt, DueAt(e.Details), null, false);
                    break;
                case LearningEventKinds.MovedToVersion when e.PackageId is not null && e.PackageVersion is { } version && packages.TryGetValue(e.PackageId, out var moved):
                    packages[e.PackageId] = moved with { Version = version };
                    break;
                case LearningEventKinds.DueDateChanged when e.PackageId is not null && packages.TryGetValue(e.PackageId, out var open):
                    packages[e.PackageId] = open with { DueAt = DueAt(e.Details) };
                    break;
                case LearningEventKinds.PackageCompleted when e.PackageId is not null && packages.TryGetValue(e.PackageId, out var done):
                    packages[e.PackageId] = done with { CompletedAt = e.OccurredAt };
                    break;
                case LearningEventKinds.CourseCompleted when e.CourseId is not null:
                    courses[e.CourseId] = new TranscriptCourse(e.CourseId, e.CourseVersion, e.OccurredAt, TranscriptSources.Course, e.OccurredAt);
                    break;
                case LearningEventKinds.CreditGranted when e.CourseId is not null:
                    courses[e.CourseId] = new TranscriptCourse(e.CourseId, null, effectiveAt, Source(e.Details), e.OccurredAt);
                    break;
            }
        }

        return new Transcript(userId, asOf,
            [.. packages.Values.Select(p => p with { Overdue = p.CompletedAt is null && p.DueAt is { } due && due < asOf }).OrderBy(p => p.PackageId, StringComparer.Ordinal)],
            [.. courses.Values.OrderBy(c => c.CourseId, StringComparer.Ordinal)], knownAsOf);
    }

    // Credit imported from another system's records took effect on its own completion date, which may be years
    // before the portal recorded it; a credit's date is never later than its recording.
    private static DateTimeOffset EffectiveAt(LearningEvent e) =>
        e.Kind == LearningEventKinds.CreditGranted && CompletedAt(e.Details) is { } completedAt && completedAt < e.OccurredAt
            ? completedAt
            : e.OccurredAt;

    private static DateTimeOffset? DueAt(string details) => Date(details, "dueAt");

    private static DateTimeOffset? CompletedAt(string details) => Date(details, "completedAt");

    private static string Source(string details)
    {
        using var json = JsonDocument.Parse(details);
        return json.RootElement.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String ? source.GetString()! : TranscriptSources.Manual;
    }

    private static DateTimeOffset? Date(string details, string name)
    {
        using var json = JsonDocument.Parse(details);
        return json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var date)
            ? date
            : null;
    }
}
