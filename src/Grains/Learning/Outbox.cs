using System.Text.Json;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Grains.Learning;

/// <summary>
/// The learning events a grain has recorded but not yet delivered, kept in the grain's own state and so
/// written in the same state write as the change they describe. On PostgreSQL that write also appends them to
/// learning_events in its own transaction (db/0007), and they leave the outbox once it commits. Elsewhere (memory,
/// or a schema without that function) a timer delivers them after the grain has answered; a crash before delivery
/// means they are delivered from the stored state on the next activation, and the sink ignores ids it already has.
/// </summary>
[GenerateSerializer]
[Alias("courseportal.outbox")]
public sealed class Outbox
{
    [Id(0)]
    public List<LearningEvent> Events { get; init; } = [];

    /// <summary>Whether the write that stored these events also appended them to learning_events (db/0007), so an
    /// activation reading them back has nothing to deliver. Rows stored before, or by a silo that delivers through its
    /// sink, read false, and their events are delivered again, which the sink's ignoring of known ids makes harmless.</summary>
    [Id(1)]
    public bool LandedWithWrite { get; set; }

    // Events added since the state holding this outbox was last written; neither serializer sees a private field.
    [NonSerialized]
    private int _unwritten;

    public void Add(LearningEvent e)
    {
        Events.Add(e);
        _unwritten++;
    }

    public void AddRange(IEnumerable<LearningEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            Add(e);
        }
    }

    /// <summary>Call once the state holding this outbox is written: counts in the metrics what that write made durable.</summary>
    public void Written(PortalMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        for (var i = Math.Max(0, Events.Count - _unwritten); i < Events.Count; i++)
        {
            metrics.Count(Events[i]);
        }

        _unwritten = 0;
    }

    /// <summary>The events landed (with the write that stored them, or read back as such): nothing is left to deliver.
    /// Events added since the last write stay, as they belong to a change whose write has not happened.</summary>
    public void Landed() => Events.RemoveRange(0, Events.Count - _unwritten);

    public static string Details(object details) => JsonSerializer.Serialize(details);

    /// <summary>Whether events were added since the last successful write: a change that has not landed (yet, or ever).</summary>
    public bool HasUnwritten => _unwritten > 0;

    /// <summary>Delivers what is waiting and durable; returns false (and keeps it) when the sink fails. Events of a change
    /// whose write failed are never delivered: the grain deactivates with them (found by the rolling-restart test, where
    /// such an event was delivered on deactivation and the learner's retry then recorded the completion a second time).</summary>
    public async Task<bool> FlushAsync(ILearningEventSink sink, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var durable = Events.Count - _unwritten;
        if (durable <= 0)
        {
            return true;
        }

        var batch = Events.GetRange(0, durable);
        try
        {
            await sink.AppendAsync(batch, cancellationToken);
            Events.RemoveRange(0, batch.Count);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            OutboxLog.Retrying(logger, batch.Count, ex);
            return false;
        }
    }
}

internal static partial class OutboxLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} learning events could not be written yet; retrying")]
    public static partial void Retrying(ILogger logger, int count, Exception exception);
}
