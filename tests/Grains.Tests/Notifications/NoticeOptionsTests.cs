using CoursePortal.Grains.Notifications;
using CoursePortal.Hosting;
using Microsoft.Extensions.Configuration;

namespace CoursePortal.Grains.Tests.Notifications;

/// <summary>The "Notices" settings: the defaults are the schedule, and a value that is not one stops the start
/// with a line naming the key.</summary>
public sealed class NoticeOptionsTests
{
    [Fact]
    public void WithoutSettingsTheScheduleIsTheDefaultOne()
    {
        NoticeOptions.Check(Settings());

        var schedule = new NoticeOptions().Schedule();

        Assert.Equal(NoticeSchedule.Default.DueSoonDays.ToArray(), schedule.DueSoonDays.ToArray());
        Assert.Equal(NoticeSchedule.Default.CertificationExpiringDays.ToArray(), schedule.CertificationExpiringDays.ToArray());
        Assert.Equal((NoticeSchedule.Default.OverdueRepeatDays, NoticeSchedule.Default.CompletedToManager), (schedule.OverdueRepeatDays, schedule.CompletedToManager));
        Assert.Equal([14, 3, 1], schedule.DueSoonDays.ToArray());
        Assert.Equal([60, 14], schedule.CertificationExpiringDays.ToArray());
        Assert.Equal((7, false), (schedule.OverdueRepeatDays, schedule.CompletedToManager));
    }

    [Fact]
    public void OffsetsAreReadInAnyOrderOnceEachAndAnEmptyListSendsNone()
    {
        var configuration = Settings(("DueSoonDays", " 1, 7,7 ,30"), ("CertificationExpiringDays", ""));
        NoticeOptions.Check(configuration);

        var schedule = configuration.GetSection(NoticeOptions.Section).Get<NoticeOptions>()!.Schedule();

        Assert.Equal([30, 7, 1], schedule.DueSoonDays.ToArray());
        Assert.Empty(schedule.CertificationExpiringDays);
    }

    [Theory]
    [InlineData("DueSoonDays", "14,three", "Notices:DueSoonDays")]
    [InlineData("DueSoonDays", "0", "Notices:DueSoonDays")]
    [InlineData("CertificationExpiringDays", "-5", "Notices:CertificationExpiringDays")]
    [InlineData("OverdueRepeatDays", "-1", "Notices:OverdueRepeatDays")]
    [InlineData("OverdueRepeatDays", "weekly", "Notices")]
    [InlineData("LongestReminderWait", "00:00:00", "Notices:LongestReminderWait")]
    [InlineData("LongestReminderWait", "60.00:00:00", "Notices:LongestReminderWait")]
    public void AValueThatIsNotOneStopsTheStartNamingTheKey(string key, string value, string named)
    {
        var refusal = Assert.Throws<StartupException>(() => NoticeOptions.Check(Settings((key, value))));

        Assert.StartsWith(named, refusal.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"{NoticeOptions.Section}:{s.Key}", s.Value)))
            .Build();
}
