using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Grains.Learning;

/// <summary>Local mode and grain tests: the report figures by replaying the events in memory (small data), so they are
/// the definition the PostgreSQL read models are tested against.</summary>
public sealed class InMemoryReportQueries(InMemoryLearningEventSink sink) : IReportQueries
{
    public Task<IReadOnlyList<PackageVersionReport>> PackageReportAsync(string packageId, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PackageVersionReport>>(PackageVersionReport.Build(packageId, sink.Events, asOf));

    public Task<IReadOnlyList<PackageLearner>> PackageLearnersAsync(PackageLearnerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Task.FromResult<IReadOnlyList<PackageLearner>>([.. PackageLearner.Replay(query.PackageId, sink.Events, query.AsOf)
            .Where(query.Matches).Take(Math.Clamp(query.Limit, 1, PackageLearnerQuery.MaxLimit))]);
    }

    public Task<IReadOnlyList<PackageLearner>> PackageLearnersOfAsync(string packageId, DateTimeOffset asOf, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        return Task.FromResult<IReadOnlyList<PackageLearner>>([.. PackageLearner.Replay(packageId, sink.Events, asOf).Where(l => userIds.Contains(l.UserId))]);
    }

    public Task<IReadOnlyList<LearnerEnrollment>> LearnerEnrollmentsAsync(IReadOnlyCollection<string> userIds, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var users = userIds.ToHashSet(StringComparer.Ordinal);
        var theirs = sink.Events.Where(e => e.UserId is not null && users.Contains(e.UserId)).ToList();
        var packages = theirs.Where(e => e.Kind == LearningEventKinds.Enrolled && e.PackageId is not null).Select(e => e.PackageId!).Distinct(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<LearnerEnrollment>>([.. packages
            .SelectMany(package => PackageLearner.Replay(package, theirs, asOf).Select(l => new LearnerEnrollment(package, l)))
            .OrderBy(e => e.Standing.UserId, StringComparer.Ordinal).ThenBy(e => e.PackageId, StringComparer.Ordinal)]);
    }

    public Task<IReadOnlyList<DailyCount>> PackageCompletionsPerDayAsync(string packageId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DailyCount>>([.. sink.Events
            .Where(e => e.PackageId == packageId && e.UserId is not null && e.Kind == LearningEventKinds.PackageCompleted)
            .Select(e => DateOnly.FromDateTime(e.OccurredAt.UtcDateTime))
            .Where(d => d >= from && d <= to)
            .GroupBy(d => d)
            .OrderBy(g => g.Key)
            .Select(g => new DailyCount(g.Key, g.Count()))]);

    public Task<IReadOnlyList<CourseVersionReport>> CourseReportAsync(string courseId, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CourseVersionReport>>(CourseVersionReport.Build(courseId, sink.Events, asOf));

    public Task<IReadOnlyList<DailyCount>> CourseCompletionsPerDayAsync(string courseId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        Task.FromResult(CourseVersionReport.CompletionsPerDay(courseId, sink.Events, from, to));

    public Task<IReadOnlyList<CourseVersionLearners>> CourseLearnersAsync(string courseId, CancellationToken cancellationToken = default) =>
        sink.CourseLearnersAsync(courseId, cancellationToken);
}
