using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Grains.Learning;

/// <summary>Local mode and grain tests: the same contract as PostgreSQL (a repeated id is ignored), in memory,
/// in the order the events arrived.</summary>
public sealed class InMemoryLearningEventSink : ILearningEventSink, ILearningEventQueries
{
    private readonly Lock _lock = new();
    private readonly List<LearningEvent> _events = [];
    private readonly HashSet<Guid> _ids = [];

    public IReadOnlyList<LearningEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public Task<IReadOnlyList<LearningEvent>> UserEventsAsync(string userId, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LearningEvent>>([.. Events.Where(e => e.UserId == userId && e.OccurredAt <= until).OrderBy(e => e.OccurredAt)]);

    public Task<IReadOnlyList<LearningEvent>> PackageEventsAsync(string packageId, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var events = Events;
        var learners = events.Where(e => e.PackageId == packageId && e.Kind == LearningEventKinds.Enrolled).Select(e => e.UserId).ToHashSet();
        return Task.FromResult<IReadOnlyList<LearningEvent>>([.. events
            .Where(e => e.OccurredAt <= until && (e.PackageId == packageId || e.CourseId is not null && learners.Contains(e.UserId)))
            .OrderBy(e => e.OccurredAt)]);
    }

    public Task<IReadOnlyList<string>> EnrolledUsersAsync(
        string packageId, int version, string? afterUserId, int limit, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> users = [.. Events
            .Where(e => e.Kind is LearningEventKinds.Enrolled or LearningEventKinds.MovedToVersion
                && e.PackageId == packageId && e.PackageVersion == version && e.UserId is not null
                && string.CompareOrdinal(e.UserId, afterUserId ?? "") > 0)
            .Select(e => e.UserId!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Take(limit)];
        return Task.FromResult(users);
    }

    public Task<IReadOnlyList<LearningEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Task.FromResult<IReadOnlyList<LearningEvent>>([.. Events.Where(e => query.Matches(e) && query.IsAfterPosition(e))
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId).Take(Math.Clamp(query.Limit, 1, EventQuery.MaxExportLimit))]);
    }

    public Task<IReadOnlyList<CourseVersionLearners>> CourseLearnersAsync(string courseId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CourseVersionLearners>>([.. Events
            .Where(e => e.CourseId == courseId && e.CourseVersion is not null && e.Kind is LearningEventKinds.CourseStarted or LearningEventKinds.CourseCompleted)
            .GroupBy(e => e.CourseVersion!.Value)
            .OrderBy(g => g.Key)
            .Select(g => new CourseVersionLearners(g.Key,
                g.Where(e => e.Kind == LearningEventKinds.CourseStarted).Select(e => e.UserId).Distinct().Count(),
                g.Where(e => e.Kind == LearningEventKinds.CourseCompleted).Select(e => e.UserId).Distinct().Count()))]);

    public Task AppendAsync(IReadOnlyList<LearningEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_lock)
        {
            foreach (var e in events.Where(e => _ids.Add(e.EventId)))
            {
                _events.Add(e);
            }
        }

        return Task.CompletedTask;
    }
}
