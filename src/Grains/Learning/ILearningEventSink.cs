using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Grains.Learning;

/// <summary>Where grains' outboxes land: PostgreSQL's learning_events in production, memory in local mode.
/// Appending an event whose id is already there changes nothing.</summary>
public interface ILearningEventSink
{
    Task AppendAsync(IReadOnlyList<LearningEvent> events, CancellationToken cancellationToken = default);
}
