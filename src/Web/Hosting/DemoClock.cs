namespace CoursePortal.Web.Hosting;

/// <summary>Local mode's clock: the system's, except while the demo history is played, when it reads as the moment the
/// history has reached (and runs on from there), so the grains stamp every act with its day in the story. Set back to the
/// system's time before the portal serves its first request.</summary>
public sealed class DemoClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>From now on the clock reads <paramref name="moment"/>, and runs on from it.</summary>
    public void Set(DateTimeOffset moment) => Interlocked.Exchange(ref _offsetTicks, (moment - System.GetUtcNow()).Ticks);

    /// <summary>The system's time again.</summary>
    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
}
