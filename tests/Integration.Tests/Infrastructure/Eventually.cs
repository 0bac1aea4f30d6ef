using System.Diagnostics;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>Waits on a condition with a deadline instead of sleeping for a guessed time.</summary>
public static class Eventually
{
    /// <summary>Calls <paramref name="attempt"/> until it returns a value without throwing; returns it and
    /// the time it took. Fails with the last exception when <paramref name="deadline"/> passes.</summary>
    public static async Task<(T Value, TimeSpan Elapsed)> SucceedsAsync<T>(Func<Task<T>> attempt, TimeSpan deadline)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return (await attempt(), watch.Elapsed);
            }
            catch (Exception ex) when (watch.Elapsed < deadline && ex is not Xunit.Sdk.XunitException)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="because"/> at the deadline.</summary>
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan deadline, string because)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > deadline)
            {
                Assert.Fail($"Not within {deadline.TotalSeconds:0} s: {because}");
            }

            await Task.Delay(250);
        }

        return watch.Elapsed;
    }
}
