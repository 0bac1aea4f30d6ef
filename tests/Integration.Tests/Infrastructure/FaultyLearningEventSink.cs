using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Learning;
using Npgsql;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>Stands in for the silo crashing around an outbox flush: either nothing reaches the table, or the
/// rows land and the silo "dies" before it can clear its outbox.</summary>
public sealed class FaultyLearningEventSink(NpgsqlDataSource dataSource, FaultyLearningEventSink.Fault fault) : ILearningEventSink
{
    public enum Fault
    {
        /// <summary>The insert never happens.</summary>
        LoseTheInsert,

        /// <summary>The insert commits, then the flush fails as if the silo died right after it.</summary>
        DieAfterTheInsert,
    }

    private readonly PostgresLearningEventSink _real = new(dataSource);

    public async Task AppendAsync(IReadOnlyList<LearningEvent> events, CancellationToken cancellationToken = default)
    {
        if (fault == Fault.DieAfterTheInsert)
        {
            await _real.AppendAsync(events, cancellationToken);
        }

        throw new IOException("simulated crash around the outbox flush");
    }
}
