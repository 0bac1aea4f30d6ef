using System.Collections.Concurrent;
using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Grains.Learning;

/// <summary>Local mode and grain tests: the same contract as PostgreSQL (a repeated id is ignored), in memory.</summary>
public sealed class InMemoryLearningEventSink : ILearningEventSink
{
    private readonly ConcurrentDictionary<Guid, LearningEvent> _events = new();

    public IReadOnlyCollection<LearningEvent> Events => [.. _events.Values.OrderBy(e => e.OccurredAt)];

    public Task AppendAsync(IReadOnlyList<LearningEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            _events.TryAdd(e.EventId, e);
        }

        return Task.CompletedTask;
    }
}
