namespace CoursePortal.Grains.Learning;

/// <summary>
/// Runs a grain's delivery step (outbox flush, notices to other grains) once after each change that left
/// something to deliver, and again a little later while delivery fails. Idle grains keep no ticking timer:
/// a hundred thousand activations cost nothing here until one of them changes.
/// </summary>
public sealed class OutboxDelivery
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private readonly IGrainTimer _timer;
    private readonly Func<CancellationToken, Task<bool>> _deliver;

    /// <param name="grain">The owning grain; the timer runs as one of its turns, never interleaved with a call.</param>
    /// <param name="deliver">Delivers what is waiting; returns true when nothing is left.</param>
    public OutboxDelivery(Grain grain, Func<CancellationToken, Task<bool>> deliver)
    {
        _deliver = deliver;
        _timer = grain.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
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
    public void Schedule() => _timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);

    /// <summary>Delivers now (deactivation); what fails stays in the stored state for the next activation.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _deliver(cancellationToken);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await _deliver(cancellationToken))
        {
            _timer.Change(RetryDelay, Timeout.InfiniteTimeSpan);
        }
    }
}
