using CoursePortal.Hosting;
using CoursePortal.Web.Hosting;
using Microsoft.Extensions.Configuration;

namespace CoursePortal.Web.Tests.Hosting;

/// <summary>The Admission:* keys are read once into <see cref="AdmissionSettings"/>: their defaults, every key, and the
/// start-up error naming the key for a value that is not a whole number in range.</summary>
public sealed class AdmissionSettingsTests
{
    [Fact]
    public void WithoutKeysTheDefaultsHold()
    {
        Assert.Equal(new AdmissionSettings(256, 512, TimeSpan.FromMilliseconds(250), 1), AdmissionSettings.From(Configuration([])));
    }

    [Fact]
    public void EveryKeyIsRead()
    {
        var settings = AdmissionSettings.From(Configuration(new()
        {
            ["Admission:MaxConcurrentRequests"] = "7",
            ["Admission:QueueLimit"] = "0",
            ["Admission:QueueTimeoutMilliseconds"] = "40",
            ["Admission:RetryAfterSeconds"] = "5",
        }));

        Assert.Equal(new AdmissionSettings(7, 0, TimeSpan.FromMilliseconds(40), 5), settings);
    }

    [Theory]
    [InlineData("MaxConcurrentRequests", "0", "1 to 100000")]
    [InlineData("MaxConcurrentRequests", "many", "1 to 100000")]
    [InlineData("QueueLimit", "-1", "0 to 1000000")]
    [InlineData("QueueTimeoutMilliseconds", "0.5", "0 to 60000")]
    [InlineData("QueueTimeoutMilliseconds", "60001", "0 to 60000")]
    [InlineData("RetryAfterSeconds", "0", "1 to 3600")]
    public void AValueOutOfRangeStopsTheStartNamingTheKey(string key, string value, string range)
    {
        var refused = Assert.Throws<StartupException>(() => AdmissionSettings.From(Configuration(new() { ["Admission:" + key] = value })));

        Assert.Equal($"Admission:{key} must be a whole number from {range} (it is '{value}').", refused.Message);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
