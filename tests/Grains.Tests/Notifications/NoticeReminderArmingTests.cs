using CoursePortal.Grains.Notifications;

namespace CoursePortal.Grains.Tests.Notifications;

/// <summary>The enrollment's one reminder: registered only when a plan moves it, aimed at a notice once it is near, and
/// removed when nothing is left, but not while notices still wait for an inbox.</summary>
public sealed class NoticeReminderArmingTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public void AFarNoticeRegistersARepeatingReminderOnceAndLaterPlansLeaveItBe()
    {
        var first = NoticeReminderArming.Next(Now.AddDays(14), false, null, Now, Day);
        var later = NoticeReminderArming.Next(Now.AddDays(14), false, first.ArmedFor, Now.AddHours(30), Day);

        Assert.Equal(new ReminderStep(Day, false, Now + Day), first);
        Assert.Equal(new ReminderStep(null, false, Now + Day), later);
    }

    [Fact]
    public void ANearNoticeGetsAReminderAimedAtItOnce()
    {
        var aimed = NoticeReminderArming.Next(Now.AddHours(5), false, Now.AddHours(-3), Now, Day);
        var again = NoticeReminderArming.Next(Now.AddHours(5), false, aimed.ArmedFor, Now.AddHours(1), Day);

        Assert.Equal(new ReminderStep(TimeSpan.FromHours(5), false, Now.AddHours(5)), aimed);
        Assert.Equal(new ReminderStep(null, false, Now.AddHours(5)), again);
    }

    [Fact]
    public void NothingLeftRemovesTheReminderButNotWhileNoticesWaitForAnInbox()
    {
        var waiting = NoticeReminderArming.Next(null, true, Now, Now, Day);
        var done = NoticeReminderArming.Next(null, false, Now, Now, Day);
        var neverArmed = NoticeReminderArming.Next(null, false, null, Now, Day);

        Assert.Equal(new ReminderStep(null, false, Now), waiting);
        Assert.Equal(new ReminderStep(null, true, null), done);
        Assert.Equal(new ReminderStep(null, false, null), neverArmed);
    }
}
