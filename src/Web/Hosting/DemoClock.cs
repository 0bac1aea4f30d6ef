namespace CoursePortal.Web.Hosting;

/// <summary>Local mode's clock: the system's, except while the demo history is played, when it stands still at the moment
/// the history has reached, so the grains stamp every act with its moment in the story and every start stamps the same
/// (a moving clock gave a learner's time to complete a few milliseconds more or less from one start to the next). Set
/// back to the system's time before the portal serves its first request.</summary>
public sealed class DemoClock : TimeProvider
{
    // Ticks of the moment the clock stands at; 0 while it follows the system's.
    private long _standing;

    public override DateTimeOffset GetUtcNow() =>
        Interlocked.Read(ref _standing) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : System.GetUtcNow();

    /// <summary>From now on the clock reads <paramref name="moment"/>, until it is set again or reset.</summary>
    public void Set(DateTimeOffset moment) => Interlocked.Exchange(ref _standing, moment.UtcTicks);

    /// <summary>The system's time again.</summary>
    public void Reset() => Interlocked.Exchange(ref _standing, 0);
}
