using CoursePortal.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Grains.Learning;

/// <summary>
/// Runs a grain's delivery step (outbox flush, notices to other grains) once after each write that left
/// something to deliver, and again a little later while delivery fails. The timer exists only while something
/// waits for delivery: a registered timer costs every idle activation memory, and most activations are idle.
/// It also keeps the silo's metrics: what each write made durable, and this activation's share of the backlog.
/// </summary>
public sealed class OutboxDelivery
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private readonly Grain _grain;
    private readonly Func<Outbox> _outbox;
    private readonly Func<int> _notices;
    private readonly Func<CancellationToken, Task<bool>> _deliver;
    private readonly PortalMetrics _metrics;
    private IGrainTimer? _timer;

    // This activation's share of PortalMetrics.OutboxBacklog.
    private long _reportedBacklog;

    private OutboxDelivery(Grain grain, Func<Outbox> outbox, Func<int> notices, Func<CancellationToken, Task<bool>> deliver)
    {
        _grain = grain;
        _outbox = outbox;
        _notices = notices;
        _deliver = deliver;
        _metrics = grain.GrainContext.ActivationServices.GetRequiredService<PortalMetrics>();
    }

    private int Backlog => _outbox().Events.Count + _notices();

    /// <summary>Creates the delivery of an activating grain, delivering at once what a crash left behind, and
    /// flushing again when the grain deactivates.</summary>
    /// <param name="grain">The owning grain; the timer runs as one of its turns, never interleaved with a call.</param>
    /// <param name="outbox">The outbox in the grain's current state (the state object is replaced when it is read again).</param>
    /// <param name="deliver">Delivers what is waiting; returns true when nothing is left.</param>
    /// <param name="notices">How many notices to other grains wait beside the outbox's events.</param>
    public static OutboxDelivery Start(Grain grain, Func<Outbox> outbox, Func<CancellationToken, Task<bool>> deliver, Func<int>? notices = null)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var delivery = new OutboxDelivery(grain, outbox, notices ?? (() => 0), deliver);
        if (delivery.Backlog > 0)
        {
            delivery.ReportBacklog();
            delivery.Timer().Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        return delivery;
    }

    /// <summary>The grain's state has just been written: counts what the write made durable, and delivers what
    /// waits as soon as the current call has answered.</summary>
    /// <param name="eventsLanded">The write appended the outbox's events itself, so they are no longer waiting.</param>
    public void Written(bool eventsLanded = false)
    {
        _outbox().Written(_metrics);
        if (eventsLanded)
        {
            _outbox().Landed();
        }

        ReportBacklog();
        if (_reportedBacklog > 0)
        {
            Timer().Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Delivers now (deactivation); what fails stays in the stored state for the next activation, which
    /// counts it in its own silo's backlog.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _deliver(cancellationToken);
        }
        finally
        {
            ReportBacklog(0);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var delivered = await _deliver(cancellationToken);
        ReportBacklog();
        if (!delivered)
        {
            Timer().Change(RetryDelay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            // Nothing left to deliver: the activation goes back to holding no timer until its next change.
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void ReportBacklog(long? backlog = null)
    {
        var now = backlog ?? Backlog;
        if (now != _reportedBacklog)
        {
            _metrics.OutboxBacklog.Add(now - _reportedBacklog);
            _reportedBacklog = now;
        }
    }

    private IGrainTimer Timer() =>
        _timer ??= _grain.RegisterScopedTimer("deliver", RunAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
}
