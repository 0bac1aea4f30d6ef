namespace CoursePortal.Integration.Tests.Probes;

/// <summary>A test-only grain that exercises the providers: a persisted value, a reminder that counts
/// its ticks in persisted state, and where it is activated.</summary>
[Alias("courseportal.tests.probe")]
public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>Persists <paramref name="value"/>.</summary>
    [Alias("set")]
    Task SetAsync(string value);

    /// <summary>The persisted value, or null.</summary>
    [Alias("get")]
    Task<string?> GetAsync();

    /// <summary>The silo this activation lives on.</summary>
    [Alias("silo")]
    Task<string> GetSiloAsync();

    /// <summary>Registers the "tick" reminder.</summary>
    [Alias("start-ticking")]
    Task StartTickingAsync(TimeSpan dueTime, TimeSpan period);

    /// <summary>How many times the reminder has fired, as persisted.</summary>
    [Alias("ticks")]
    Task<int> GetTicksAsync();
}
