using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Hosting;
using CoursePortal.Web.Hosting;
using Microsoft.Extensions.Configuration;

namespace CoursePortal.Web.Tests.Hosting;

/// <summary>What the web sends again after a call got no answer (only what cannot do anything twice), and the failover
/// settings' defaults, keys and bounds.</summary>
public sealed class SafeCallRetryTests
{
    [Theory]
    [InlineData(nameof(ICourseEnrollmentGrain.GetProgressAsync), true)]
    [InlineData(nameof(ICourseEnrollmentGrain.CompleteLessonAsync), true)]
    [InlineData(nameof(ICourseEnrollmentGrain.StartAsync), true)]
    [InlineData(nameof(ICourseEnrollmentGrain.SubmitAttemptAsync), false)]
    [InlineData(nameof(ICourseEnrollmentGrain.GrantAttemptAsync), false)]
    public void OnlyReadsAndIdempotentCallsAreSentAgainAfterATimeout(string method, bool safe) =>
        Assert.Equal(safe, SafeCallRetry.IsSafeToResend(typeof(ICourseEnrollmentGrain).GetMethod(method)));

    [Fact]
    public void AnUnknownMethodIsNotSentAgain() => Assert.False(SafeCallRetry.IsSafeToResend(null));

    [Fact]
    public void TheFailoverSettingsDefaultToSecondsAndAreRead()
    {
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3.5)), Timeouts(Configuration([])));
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)),
            Timeouts(Configuration(new() { ["Orleans:ProbeTimeout"] = "00:00:02", ["Orleans:ResponseTimeout"] = "00:00:10" })));
    }

    [Theory]
    [InlineData("Orleans:ProbeTimeout", "00:00:00.1")]
    [InlineData("Orleans:ResponseTimeout", "00:00:00.5")]
    [InlineData("Orleans:ResponseTimeout", "01:00:00")]
    public void ATimeoutOutOfBoundsStopsTheStartNamingTheKey(string key, string value)
    {
        var error = Assert.Throws<StartupException>(() => Configuration(new() { [key] = value }).ReadOrleansSettings());
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static (TimeSpan Probe, TimeSpan Response) Timeouts(IConfiguration configuration)
    {
        var settings = configuration.ReadOrleansSettings();
        return (settings.ProbeTimeout, settings.ResponseTimeout);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
