namespace CoursePortal.Web.Hosting;

/// <summary>Local mode's clock while the demo history plays (<see cref="DemoHistory"/>): it stands at the moment the history
/// has reached, from the history's first day, and only ever moves forward, so the grains stamp every act with its moment
/// in the story, every start stamps the same, and the silo, which starts on this clock, never sees time go back (Orleans'
/// activation collector refuses that). <see cref="Reset"/> jumps it to the system's time, before the portal serves.</summary>
public sealed class DemoClock(DateTimeOffset start) : TimeProvider
{
    // Ticks of the moment the clock stands at; 0 once it follows the system's.
    private long _standing = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() =>
        Interlocked.Read(ref _standing) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : System.GetUtcNow();

    /// <summary>The clock stands at <paramref name="moment"/> from now on; a moment before the one it stands at leaves it there.</summary>
    public void Set(DateTimeOffset moment)
    {
        long standing;
        do
        {
            standing = Interlocked.Read(ref _standing);
            if (standing == 0 || moment.UtcTicks <= standing)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _standing, moment.UtcTicks, standing) != standing);
    }

    /// <summary>The system's time from now on, for good.</summary>
    public void Reset() => Interlocked.Exchange(ref _standing, 0);
}
