using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Grains.Learning;

/// <summary>Where grains' outboxes land: PostgreSQL's learning_events in production, memory in local mode.
/// Appending an event whose id is already there changes nothing.</summary>
public interface ILearningEventSink
{
    Task AppendAsync(IReadOnlyList<LearningEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Whether the grain state write that stores an outbox also appends its events here, in the same transaction
    /// (PostgreSQL with db/0007), so a committed write leaves nothing to deliver. A sink that cannot tell says no: delivery
    /// after the write is always correct, only one commit dearer.</summary>
    bool EventsTravelWithStateWrites => false;
}
