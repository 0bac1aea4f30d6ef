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
                case LearningEventKinds.DueDateChanged when known && e.PackageId == packageId:
                    learners[user] = l! with { DueAt = Date(e.Details, "dueAt") };
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
/// completed, attempted an assessment and passed one; the pass rate is passed as a percentage of attempted. For the
/// averages: <see cref="PassAttempts"/> is the attempts the learners who passed made up to and including their first pass,
/// <see cref="TimedCompletions"/> the learners who completed after a start of theirs and <see cref="CompletionSeconds"/>
/// the whole seconds from their first start to their first completion, summed (a silo of the previous release sends 0).</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.course-version-report")]
public sealed record CourseVersionReport(
    [property: Id(0)] int Version,
    [property: Id(1)] int Started,
    [property: Id(2)] int InProgress,
    [property: Id(3)] int Completed,
    [property: Id(4)] int Attempted,
    [property: Id(5)] int Passed,
    [property: Id(6)] int PassAttempts = 0,
    [property: Id(7)] int TimedCompletions = 0,
    [property: Id(8)] long CompletionSeconds = 0)
{
    /// <summary>Passed as a percentage of those who attempted, rounded down.</summary>
    public int PassRate => Attempted == 0 ? 0 : Passed * 100 / Attempted;

    /// <summary>Attempts a passing learner needed on average, none while nobody passed (or the figure is unknown).</summary>
    public double? AttemptsPerPass => Passed == 0 || PassAttempts == 0 ? null : (double)PassAttempts / Passed;

    /// <summary>The average time from a learner's first start to their first completion, none while nobody completed.</summary>
    public TimeSpan? AverageTimeToComplete => TimedCompletions == 0 ? null : TimeSpan.FromSeconds(CompletionSeconds / TimedCompletions);

    /// <summary>Replays a course's events as of <paramref name="asOf"/>: a learner counts once per version, by the first of
    /// each kind of event.</summary>
    public static ImmutableArray<CourseVersionReport> Build(string courseId, IEnumerable<LearningEvent> events, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(events);
        return [.. events
            .Where(e => e.CourseId == courseId && e.CourseVersion is not null && e.UserId is not null && e.OccurredAt <= asOf)
            .GroupBy(e => (Version: e.CourseVersion!.Value, User: e.UserId!))
            .Select(g => Learner.Of(g.Key.Version, g))
            .Where(l => l.Started is not null || l.Completed is not null || l.Attempted)
            .GroupBy(l => l.Version)
            .OrderBy(g => g.Key)
            .Select(g => new CourseVersionReport(g.Key, g.Count(l => l.Started is not null), g.Count(l => l.Started is not null && l.Completed is null),
                g.Count(l => l.Completed is not null), g.Count(l => l.Attempted), g.Count(l => l.Passed is not null), g.Sum(l => l.AttemptsToPass),
                g.Count(l => l.TimeToComplete is not null), g.Sum(l => l.TimeToComplete ?? 0)))];
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

    /// <summary>One learner's first times on one version of the course.</summary>
    private sealed record Learner(int Version, DateTimeOffset? Started, DateTimeOffset? Completed, bool Attempted, DateTimeOffset? Passed, int AttemptsToPass)
    {
        /// <summary>Whole seconds from the first start to the first completion, when the learner completed after starting.</summary>
        public long? TimeToComplete => Started is { } s && Completed is { } c && s <= c ? (long)Math.Floor((c - s).TotalSeconds) : null;

        public static Learner Of(int version, IEnumerable<LearningEvent> events)
        {
            var own = events.ToList();
            var attempts = own.Where(e => e.Kind == LearningEventKinds.AssessmentAttempted).ToList();
            var passed = attempts.Where(e => IsPassing(e.Details)).Select(e => (DateTimeOffset?)e.OccurredAt).Min();
            return new Learner(version, First(own, LearningEventKinds.CourseStarted), First(own, LearningEventKinds.CourseCompleted), attempts.Count > 0, passed,
                passed is { } p ? attempts.Count(e => e.OccurredAt <= p) : 0);
        }

        private static DateTimeOffset? First(List<LearningEvent> events, string kind) =>
            events.Where(e => e.Kind == kind).Select(e => (DateTimeOffset?)e.OccurredAt).Min();
    }

    private static bool IsPassing(string details)
    {
        using var json = JsonDocument.Parse(details);
        return json.RootElement.TryGetProperty("passed", out var passed) && passed.ValueKind == JsonValueKind.True;
    }
}
