using CoursePortal.Grains.Webhooks;
using CoursePortal.Hosting;
using Microsoft.Extensions.Configuration;

namespace CoursePortal.Integration.Tests;

/// <summary>The delivery settings a silo refuses to start with, and the retry waits: doubling from the first delay, capped,
/// each between half and all of its step.</summary>
public sealed class WebhookSettingsTests
{
    [Theory]
    [InlineData("Webhooks:Lease", "00:00:05", "Webhooks:Lease")]
    [InlineData("Webhooks:Timeout", "00:00:00", "Webhooks:Lease")]
    [InlineData("Webhooks:MaxRetryDelay", "00:00:00.5", "Webhooks:MaxRetryDelay")]
    [InlineData("Webhooks:BatchSize", "0", "Webhooks:BatchSize")]
    [InlineData("Webhooks:Timeout", "ten seconds", "Webhooks")]
    public void ASiloRefusesToStartWithSettingsThatCannotWork(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var refused = Assert.Throws<StartupException>(() => WebhookDeliveryOptions.Check(configuration));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultsStart() => WebhookDeliveryOptions.Check(new ConfigurationBuilder().Build());

    [Fact]
    public void RetryWaitsDoubleUpToTheCapWithJitterBetweenHalfAndAll()
    {
        var (first, max) = (TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));

        Assert.Equal(TimeSpan.FromSeconds(0.5), WebhookBackoff.Delay(1, first, max, 0));
        Assert.Equal(TimeSpan.FromSeconds(1), WebhookBackoff.Delay(1, first, max, 1));
        Assert.Equal(TimeSpan.FromSeconds(8), WebhookBackoff.Delay(4, first, max, 1));
        Assert.Equal(TimeSpan.FromSeconds(6), WebhookBackoff.Delay(4, first, max, 0.5));
        Assert.Equal(max, WebhookBackoff.Delay(13, first, max, 1));
        Assert.Equal(max, WebhookBackoff.Delay(1000, first, max, 1));
        Assert.Equal(max / 2, WebhookBackoff.Delay(1000, first, max, 0));
    }

    [Fact]
    public void ADeliveryIsGivenUpAfterItsLastAttemptOrOnceItIsTooOld()
    {
        var options = new WebhookDeliveryOptions();
        var created = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.False(WebhookBackoff.GivesUp(options.MaxAttempts - 1, created, created.AddHours(23), options));
        Assert.True(WebhookBackoff.GivesUp(options.MaxAttempts, created, created.AddMinutes(1), options));
        Assert.True(WebhookBackoff.GivesUp(2, created, created + options.MaxAge, options));
    }
}
