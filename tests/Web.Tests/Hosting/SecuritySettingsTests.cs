using CoursePortal.Hosting;
using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;

namespace CoursePortal.Web.Tests.Hosting;

/// <summary>The Security:* keys are read once into <see cref="SecuritySettings"/>: their defaults, their floors, and the
/// start-up error for a lockout or session that is not above zero.</summary>
public sealed class SecuritySettingsTests
{
    [Fact]
    public void WithoutKeysTheDefaultsHold()
    {
        var settings = SecuritySettings.From(Configuration([]));

        Assert.Equal(new SecuritySettings(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(480), new PasswordHasherOptions().IterationCount, 10, 120, 600), settings);
    }

    [Fact]
    public void EveryKeyIsRead()
    {
        var settings = SecuritySettings.From(Configuration(new()
        {
            ["Security:LockoutAfterFailures"] = "3",
            ["Security:LockoutMinutes"] = "0.5",
            ["Security:SessionMinutes"] = "60",
            ["Security:PasswordHashIterations"] = "20000",
            ["Security:SignInAttemptsPerMinute"] = "7",
            ["Security:LearnerWritesPerMinute"] = "9",
            ["Security:TokenRequestsPerMinute"] = "11",
            ["Security:TokenCacheSeconds"] = "2.5",
        }));

        Assert.Equal(new SecuritySettings(3, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), 20_000, 7, 9, 11, 2.5), settings);
    }

    [Fact]
    public void HashRoundsLearnerWritesAndTokenRequestsHaveAFloorInsteadOfAnError()
    {
        var settings = SecuritySettings.From(Configuration(new()
        {
            ["Security:PasswordHashIterations"] = "10",
            ["Security:LearnerWritesPerMinute"] = "0",
            ["Security:TokenRequestsPerMinute"] = "-5",
            ["Security:TokenCacheSeconds"] = "-1",
        }));

        Assert.Equal(1_000, settings.PasswordHashIterations);
        Assert.Equal(1, settings.LearnerWritesPerMinute);
        Assert.Equal(1, settings.TokenRequestsPerMinute);
        Assert.Equal(TimeSpan.FromSeconds(0.1), settings.TokenCacheFreshness);
    }

    [Theory]
    [InlineData("Security:LockoutAfterFailures", "0")]
    [InlineData("Security:LockoutMinutes", "0")]
    [InlineData("Security:SessionMinutes", "-1")]
    public void ALockoutOrSessionNotAboveZeroStopsTheStart(string key, string value)
    {
        var refused = Assert.Throws<StartupException>(() => SecuritySettings.From(Configuration(new() { [key] = value })));

        Assert.Equal("Security:LockoutAfterFailures, Security:LockoutMinutes and Security:SessionMinutes must be above zero.", refused.Message);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
