using CoursePortal.Grains.Notifications;
using CoursePortal.Hosting;
using Microsoft.Extensions.Configuration;

namespace CoursePortal.Grains.Tests.Notifications;

/// <summary>Mail and portal settings fail fast, naming the key; the backoff doubles up to its ceiling.</summary>
public sealed class MailSettingsTests
{
    [Theory]
    [InlineData("Mail:From", "not an address", "Mail:From")]
    [InlineData("Mail:RetryDelay", "00:00:00", "Mail:RetryDelay")]
    [InlineData("Mail:MaxRetryDelay", "00:00:01", "Mail:MaxRetryDelay")]
    [InlineData("Mail:MaxAttempts", "0", "Mail:MaxAttempts")]
    [InlineData("Mail:SmtpPort", "70000", "Mail:SmtpPort")]
    [InlineData("Mail:TemplatesPath", "/no/such/folder", "Mail:TemplatesPath")]
    [InlineData("Mail:User", "relay-user", "Mail:Password")]
    [InlineData("Mail:UseTls", "perhaps", "Mail")]
    public void ABadMailSettingStopsTheStartNamingItsKey(string key, string value, string named)
    {
        var refused = Assert.Throws<StartupException>(() => MailSettings.Read(Configuration((key, value))));
        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("learn.example.com")]
    [InlineData("ftp://learn.example.com")]
    [InlineData("https://learn.example.com/?x=1")]
    public void APublicUrlThatIsNotAnAbsoluteWebAddressStopsTheStart(string url)
    {
        var refused = Assert.Throws<StartupException>(() => Configuration(("Portal:PublicUrl", url)).ReadPortalSettings());
        Assert.Contains("Portal:PublicUrl", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWaitAfterEachFailureDoublesUpToTheLongestAndLinksFollowThePublicUrl()
    {
        var settings = MailSettings.Read(Configuration(("Mail:RetryDelay", "00:00:10"), ("Mail:MaxRetryDelay", "00:01:00")));
        Assert.Equal([10, 20, 40, 60, 60], new[] { 1, 2, 3, 4, 10 }.Select(a => settings.Backoff(a).TotalSeconds));
        Assert.Equal("https://learn.example.com/base/Team", Configuration(("Portal:PublicUrl", "https://learn.example.com/base/")).ReadPortalSettings().Link("/Team"));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
