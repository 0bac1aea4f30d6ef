using Microsoft.Extensions.Logging;

namespace CoursePortal.Grains.Learning;

/// <summary>
/// The persistent state of a grain that keeps an outbox in it: the one write each change ends with, and the
/// delivery after it (the outbox's learning events to the sink, then the grain's notices to other grains). A
/// grain holds one, started when it activates and flushed when it deactivates, instead of wiring
/// <see cref="OutboxDelivery"/> itself.
/// </summary>
public sealed class OutboxState<TState>
{
    private readonly Grain _grain;
    private readonly IPersistentState<TState> _state;
    private readonly Func<TState, Outbox> _outbox;
    private readonly ILearningEventSink _sink;
    private readonly ILogger _logger;
    private readonly Func<CancellationToken, Task<bool>>? _sendNotices;
    private readonly OutboxDelivery _delivery;

    internal OutboxState(Grain grain, IPersistentState<TState> state, Func<TState, Outbox> outbox, ILearningEventSink sink, ILogger logger,
        Func<int>? pendingNotices, Func<CancellationToken, Task<bool>>? sendNotices)
    {
        _grain = grain;
        _state = state;
        _outbox = outbox;
        _sink = sink;
        _logger = logger;
        _sendNotices = sendNotices;
        if (Outbox.LandedWithWrite)
        {
            Outbox.Landed();
        }

        _delivery = OutboxDelivery.Start(grain, () => Outbox, DeliverAsync, pendingNotices);
    }

    // Read through the state each time: the state object is replaced when it is read again.
    private Outbox Outbox => _outbox(_state.State);

    /// <summary>The one state write of a change, then its delivery once the current call has answered. On PostgreSQL the
    /// write itself appends the outbox's events to learning_events, in its own transaction, so only notices to other grains
    /// are left to deliver. A failed write deactivates the grain, so the next call starts from storage instead of from a
    /// change that never landed, and nothing of that change is delivered.</summary>
    public async Task WriteAsync()
    {
        var eventsTravel = _sink.EventsTravelWithStateWrites;
        Outbox.LandedWithWrite = eventsTravel;
        await _state.WriteOrResetAsync(_grain);
        _delivery.Written(eventsTravel);
    }

    /// <summary>Delivers now (deactivation); what fails stays in the stored state for the next activation.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _delivery.FlushAsync(cancellationToken);

    private async Task<bool> DeliverAsync(CancellationToken cancellationToken)
    {
        var delivered = await Outbox.FlushAsync(_sink, _logger, cancellationToken);
        if (_sendNotices is not null && !Outbox.HasUnwritten && !await _sendNotices(cancellationToken))
        {
            return false;
        }

        return delivered;
    }
}

/// <summary>Starts the <see cref="OutboxState{TState}"/> of an activating grain.</summary>
public static class OutboxState
{
    /// <summary>Starts the state of an activating grain, delivering at once what a crash left behind.</summary>
    /// <param name="grain">The owning grain; delivery runs as one of its turns, never interleaved with a call.</param>
    /// <param name="state">The grain's persistent state, already read.</param>
    /// <param name="outbox">Where the state keeps its outbox.</param>
    /// <param name="sink">Where the outbox's learning events go.</param>
    /// <param name="logger">The grain's logger, for deliveries that fail and are retried.</param>
    /// <param name="pendingNotices">How many notices to other grains wait beside the outbox's events.</param>
    /// <param name="sendNotices">Sends those notices; returns false when one failed and must be retried. It is called
    /// only while no change is waiting for its write, as the notice of a change that has not landed is no one's to hear.</param>
    public static OutboxState<TState> Start<TState>(
        Grain grain, IPersistentState<TState> state, Func<TState, Outbox> outbox, ILearningEventSink sink, ILogger logger,
        Func<int>? pendingNotices = null, Func<CancellationToken, Task<bool>>? sendNotices = null)
    {
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(logger);
        return new OutboxState<TState>(grain, state, outbox, sink, logger, pendingNotices, sendNotices);
    }
}
