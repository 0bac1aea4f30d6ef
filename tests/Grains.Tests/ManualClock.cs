namespace CoursePortal.Grains.Tests;

/// <summary>The real clock plus however far a test has moved it forward: timers still run in real time, while
/// whatever the portal's code reads as "now" jumps.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _aheadTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _aheadTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _aheadTicks));
}
