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

/// <summary>One course completion (or credit) on a transcript.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.transcript-course")]
public sealed record TranscriptCourse(
    [property: Id(0)] string CourseId,
    [property: Id(1)] int? Version,
    [property: Id(2)] DateTimeOffset CompletedAt,
    [property: Id(3)] string Source);

/// <summary>The audit answer: what training a user was assigned, on which version, and what they had
/// completed, as of an instant — built from the learning events alone.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.transcript")]
public sealed record Transcript(
    [property: Id(0)] string UserId,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] ImmutableArray<TranscriptPackage> Packages,
    [property: Id(3)] ImmutableArray<TranscriptCourse> Courses)
{
    /// <summary>Replays <paramref name="events"/> (one user's, any order) up to and including <paramref name="asOf"/>.</summary>
    public static Transcript Build(string userId, IEnumerable<LearningEvent> events, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(events);
        var packages = new Dictionary<string, TranscriptPackage>(StringComparer.Ordinal);
        var courses = new Dictionary<string, TranscriptCourse>(StringComparer.Ordinal);
        foreach (var e in events.Where(e => e.OccurredAt <= asOf).OrderBy(e => e.OccurredAt))
        {
            switch (e.Kind)
            {
                case LearningEventKinds.Enrolled when e.PackageId is not null && e.PackageVersion is { } version:
                    packages[e.PackageId] = new TranscriptPackage(e.PackageId, version, e.OccurredAt, DueAt(e.Details), null, false);
                    break;
                case LearningEventKinds.MovedToVersion when e.PackageId is not null && e.PackageVersion is { } version && packages.TryGetValue(e.PackageId, out var moved):
                    packages[e.PackageId] = moved with { Version = version };
                    break;
                case LearningEventKinds.PackageCompleted when e.PackageId is not null && packages.TryGetValue(e.PackageId, out var done):
                    packages[e.PackageId] = done with { CompletedAt = e.OccurredAt };
                    break;
                case LearningEventKinds.CourseCompleted when e.CourseId is not null:
                    courses[e.CourseId] = new TranscriptCourse(e.CourseId, e.CourseVersion, e.OccurredAt, "course");
                    break;
                case LearningEventKinds.CreditGranted when e.CourseId is not null:
                    courses[e.CourseId] = new TranscriptCourse(e.CourseId, null, CompletedAt(e.Details) ?? e.OccurredAt, Source(e.Details));
                    break;
            }
        }

        return new Transcript(userId, asOf,
            [.. packages.Values.Select(p => p with { Overdue = p.CompletedAt is null && p.DueAt is { } due && due < asOf }).OrderBy(p => p.PackageId, StringComparer.Ordinal)],
            [.. courses.Values.OrderBy(c => c.CourseId, StringComparer.Ordinal)]);
    }

    private static DateTimeOffset? DueAt(string details) => Date(details, "dueAt");

    private static DateTimeOffset? CompletedAt(string details) => Date(details, "completedAt");

    private static string Source(string details)
    {
        using var json = JsonDocument.Parse(details);
        return json.RootElement.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String ? source.GetString()! : "manual";
    }

    private static DateTimeOffset? Date(string details, string name)
    {
        using var json = JsonDocument.Parse(details);
        return json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var date)
            ? date
            : null;
    }
}
