namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>The grains' clock, moved by the test to play out a timeline of weeks in seconds.</summary>
public sealed class ScriptedClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;
}
