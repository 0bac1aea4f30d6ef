namespace CoursePortal.Grains.Learning;

/// <summary>
/// Runs a grain's delivery step (outbox flush, notices to other grains) once after each change that left
/// something to deliver, and again a little later while delivery fails. The timer exists only while something
/// waits for delivery: a registered timer costs every idle activation memory, and most activations are idle.
/// </summary>
public sealed class OutboxDelivery
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private readonly Grain _grain;
    private readonly Func<CancellationToken, Task<bool>> _deliver;
    private IGrainTimer? _timer;

    /// <param name="grain">The owning grain; the timer runs as one of its turns, never interleaved with a call.</param>
    /// <param name="deliver">Delivers what is waiting; returns true when nothing is left.</param>
    public OutboxDelivery(Grain grain, Func<CancellationToken, Task<bool>> deliver)
    {
        _grain = grain;
        _deliver = deliver;
    }

    /// <summary>Creates the delivery of an activating grain, delivering at once what a crash left behind
    /// (<paramref name="pending"/>), and flushing again when the grain deactivates.</summary>
    public static OutboxDelivery Start(Grain grain, bool pending, Func<CancellationToken, Task<bool>> deliver)
    {
        var delivery = new OutboxDelivery(grain, deliver);
        if (pending)
        {
            delivery.Schedule();
        }

        return delivery;
    }

    /// <summary>Delivers as soon as the current call has answered.</summary>
    public void Schedule() => Timer().Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);

    /// <summary>Delivers now (deactivation); what fails stays in the stored state for the next activation.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _deliver(cancellationToken);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await _deliver(cancellationToken))
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

    private IGrainTimer Timer() =>
        _timer ??= _grain.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
}
