using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Learning;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>The silo's PostgreSQL sink, counting the deliveries that reach it: each one is a transaction of its own,
/// beside the state writes.</summary>
public sealed class CountingLearningEventSink(PostgresLearningEventSink inner) : ILearningEventSink
{
    private int _appends;

    public int Appends => Volatile.Read(ref _appends);

    public bool EventsTravelWithStateWrites => inner.EventsTravelWithStateWrites;

    public Task AppendAsync(IReadOnlyList<LearningEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count > 0)
        {
            Interlocked.Increment(ref _appends);
        }

        return inner.AppendAsync(events, cancellationToken);
    }
}
