using System.Collections.Immutable;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>Where one learner stood in a package at a moment, as the package report counts them: the read models'
/// row (db/0009) and the replay's answer for one learner.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.package-learner")]
public sealed record PackageLearner(
    [property: Id(0)] string UserId,
    [property: Id(1)] int Version,
    [property: Id(2)] EnrollmentStatus Status,
    [property: Id(3)] DateTimeOffset EnrolledAt,
    [property: Id(4)] DateTimeOffset? DueAt,
    [property: Id(5)] DateTimeOffset? CompletedAt,
    [property: Id(6)] bool Overdue,
    [property: Id(7)] DateTimeOffset? ExpiresAt,
    [property: Id(8)] bool Expiring)
{
    /// <summary>When an expiring completion's recertification window opens if its event says nothing else: the domain's
    /// rule (the last 30 days, or the last quarter of a shorter validity).</summary>
    public static DateTimeOffset RecertifyFrom(DateTimeOffset expiresAt, int? validityDays) =>
        expiresAt - TimeSpan.FromDays(Math.Min(30, (validityDays ?? 120) / 4.0));

    /// <summary>Replays a package's events and its learners' course activity, oldest first, as of <paramref name="asOf"/>:
    /// a learner is on the version of their latest enrollment or move then; a new enrollment forgets the last one's
    /// progress; the first package completion after it completes them. In progress is the enrollment's own
    /// <c>package_started</c> (the status rule of EnrollmentRules, recorded by the enrollment) when its <c>enrolled</c>
    /// event says it records one (<c>startedEvent</c>); for enrollments from before that, any course activity at or
    /// after the enrollment. Events at the same instant keep their order in <paramref name="events"/>.</summary>
    public static IReadOnlyList<PackageLearner> Replay(string packageId, IEnumerable<LearningEvent> events, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(events);
        var learners = new Dictionary<string, Spell>(StringComparer.Ordinal);
        foreach (var e in events.Where(e => e.OccurredAt <= asOf && e.UserId is not null).OrderBy(e => e.OccurredAt))
        {
            var user = e.UserId!;
            var known = learners.TryGetValue(user, out var l);
            switch (e.Kind)
            {
                case LearningEventKinds.Enrolled when e.PackageId == packageId && e.PackageVersion is { } v:
                    learners[user] = new Spell(v, e.OccurredAt, Date(e.Details, "dueAt"), null, null, false, IsTrue(e.Details, "startedEvent"));
                    break;
                case LearningEventKinds.PackageStarted when known && e.PackageId == packageId && l!.StartedByEvent:
                    learners[user] = l! with { Started = true };
                    break;
                case LearningEventKinds.MovedToVersion when known && e.PackageId == packageId && e.PackageVersion is { } v:
                    learners[user] = l! with { Version = v };
                    break;
                case LearningEventKinds.PackageCompleted when known && e.PackageId == packageId && l!.CompletedAt is null:
                    learners[user] = l! with { CompletedAt = e.OccurredAt, Expiry = Expiry(e.Details) };
                    break;
                case LearningEventKinds.CourseStarted or LearningEventKinds.LessonCompleted or LearningEventKinds.CourseCompleted
                    when known && !l!.StartedByEvent && e.CourseId is not null && e.OccurredAt >= l!.EnrolledAt:
                    learners[user] = l! with { Started = true };
                    break;
            }
        }

        return [.. learners.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Value.Standing(l.Key, asOf))];
    }

    private static (DateTimeOffset ExpiresAt, DateTimeOffset RecertifyFrom)? Expiry(string details)
    {
        if (Date(details, "expiresAt") is not { } expires)
        {
            return null;
        }

        using var json = JsonDocument.Parse(details);
        int? days = json.RootElement.TryGetProperty("validityDays", out var d) && d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var n) ? n : null;
        return (expires, RecertifyFrom(expires, days));
    }

    private static DateTimeOffset? Date(string details, string name)
    {
        using var json = JsonDocument.Parse(details);
        return json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at) ? at : null;
    }

    private static bool IsTrue(string details, string name)
    {
        using var json = JsonDocument.Parse(details);
        return json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
    }

    private sealed record Spell(int Version, DateTimeOffset EnrolledAt, DateTimeOffset? DueAt, DateTimeOffset? CompletedAt,
        (DateTimeOffset ExpiresAt, DateTimeOffset RecertifyFrom)? Expiry, bool Started, bool StartedByEvent)
    {
        public PackageLearner Standing(string userId, DateTimeOffset asOf) => new(
            userId,
            Version,
            CompletedAt is not null ? EnrollmentStatus.Completed : Started ? EnrollmentStatus.InProgress : EnrollmentStatus.NotStarted,
            EnrolledAt,
            DueAt,
            CompletedAt,
            CompletedAt is null && DueAt is { } due && due < asOf,
            Expiry?.ExpiresAt,
            Expiry is { } x && x.RecertifyFrom <= asOf && asOf < x.ExpiresAt);
    }
}

/// <summary>A page of a package's enrollments as of a moment: optionally one version and one status, by user id after
/// <see cref="AfterUserId"/>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.package-learner-query")]
public sealed record PackageLearnerQuery(
    [property: Id(0)] string PackageId,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] int? Version = null,
    [property: Id(3)] EnrollmentStatus? Status = null,
    [property: Id(4)] string? AfterUserId = null,
    [property: Id(5)] int Limit = PackageLearnerQuery.DefaultLimit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Whether a learner's standing passes the filters and follows the cursor.</summary>
    public bool Matches(PackageLearner learner)
    {
        ArgumentNullException.ThrowIfNull(learner);
        return (Version is null || learner.Version == Version) && (Status is null || learner.Status == Status)
            && string.CompareOrdinal(learner.UserId, AfterUserId ?? "") > 0;
    }
}

/// <summary>How many of something happened on one day (UTC).</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.daily-count")]
public sealed record DailyCount(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] int Count);

/// <summary>One course version's figures as of a moment: learners who started, are in progress (started, not completed),
/// completed, attempted an assessment and passed one; the pass rate is passed as a percentage of attempted.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.course-version-report")]
public sealed record CourseVersionReport(
    [property: Id(0)] int Version,
    [property: Id(1)] int Started,
    [property: Id(2)] int InProgress,
    [property: Id(3)] int Completed,
    [property: Id(4)] int Attempted,
    [property: Id(5)] int Passed)
{
    /// <summary>Passed as a percentage of those who attempted, rounded down.</summary>
    public int PassRate => Attempted == 0 ? 0 : Passed * 100 / Attempted;

    /// <summary>Replays a course's events as of <paramref name="asOf"/>: a learner counts once per version, by the first of
    /// each kind of event.</summary>
    public static ImmutableArray<CourseVersionReport> Build(string courseId, IEnumerable<LearningEvent> events, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(events);
        return [.. events
            .Where(e => e.CourseId == courseId && e.CourseVersion is not null && e.UserId is not null && e.OccurredAt <= asOf)
            .GroupBy(e => (Version: e.CourseVersion!.Value, User: e.UserId!))
            .Select(g => (g.Key.Version,
                Started: g.Any(e => e.Kind == LearningEventKinds.CourseStarted),
                Completed: g.Any(e => e.Kind == LearningEventKinds.CourseCompleted),
                Attempted: g.Any(e => e.Kind == LearningEventKinds.AssessmentAttempted),
                Passed: g.Any(e => e.Kind == LearningEventKinds.AssessmentAttempted && IsPassing(e.Details))))
            .Where(l => l.Started || l.Completed || l.Attempted)
            .GroupBy(l => l.Version)
            .OrderBy(g => g.Key)
            .Select(g => new CourseVersionReport(g.Key, g.Count(l => l.Started), g.Count(l => l.Started && !l.Completed),
                g.Count(l => l.Completed), g.Count(l => l.Attempted), g.Count(l => l.Passed)))];
    }

    /// <summary>Learners per day whose first completion of a version of the course fell on it, from <paramref name="from"/> to
    /// <paramref name="to"/> (days without one left out).</summary>
    public static IReadOnlyList<DailyCount> CompletionsPerDay(string courseId, IEnumerable<LearningEvent> events, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(events);
        return [.. events
            .Where(e => e.CourseId == courseId && e.CourseVersion is not null && e.UserId is not null && e.Kind == LearningEventKinds.CourseCompleted)
            .GroupBy(e => (e.CourseVersion, e.UserId))
            .Select(g => DateOnly.FromDateTime(g.Min(e => e.OccurredAt).UtcDateTime))
            .Where(d => d >= from && d <= to)
            .GroupBy(d => d)
            .OrderBy(g => g.Key)
            .Select(g => new DailyCount(g.Key, g.Count()))];
    }

    private static bool IsPassing(string details)
    {
        using var json = JsonDocument.Parse(details);
        return json.RootElement.TryGetProperty("passed", out var passed) && passed.ValueKind == JsonValueKind.True;
    }
}
