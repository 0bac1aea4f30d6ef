using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Grains.Notifications;

namespace CoursePortal.Grains.Tests.Notifications;

/// <summary>The planning of a package enrollment's notices, as a pure function: what is sent, to whom and when, and what
/// happens to notices whose time passed while nobody was awake to send them.</summary>
public sealed class NoticePlannerTests
{
    private static readonly DateTimeOffset Enrolled = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Due = Enrolled.AddDays(20);
    private static readonly NoticeSchedule Schedule = NoticeSchedule.Default;

    [Fact]
    public void AnAssignmentIsAnnouncedToTheLearnerAtOnceWithItsDueDateAndASelfEnrollmentIsNot()
    {
        var assigned = NoticePlanner.Plan(new NoticeRound(Enrolled, true, Due, null, null), Schedule, [], Enrolled);
        var own = NoticePlanner.Plan(new NoticeRound(Enrolled, false, null, null, null), Schedule, [], Enrolled);

        var notice = Assert.Single(assigned.Send);
        Assert.Equal((NoticeKind.Assigned, false, Due), (notice.Kind, notice.ToManager, notice.DueAt));
        Assert.Equal(Due.AddDays(-14), assigned.NextAt);
        Assert.Empty(own.Send);
        Assert.Null(own.NextAt);
    }

    [Fact]
    public void DueSoonRemindersGoToTheLearnerAtEachOffsetThenOverdueToLearnerAndManagerTheDayAfterAndWeekly()
    {
        var round = new NoticeRound(Enrolled, true, Due, null, null);

        var sent = Walk(round, Schedule, Enrolled, Due.AddDays(-14), Due.AddDays(-3), Due.AddDays(-1), Due, Due.AddDays(1), Due.AddDays(8), Due.AddDays(15));

        (DateTimeOffset, NoticeKind, bool, int?)[] expected =
        [
            (Enrolled, NoticeKind.Assigned, false, null),
            (Due.AddDays(-14), NoticeKind.DueSoon, false, 14),
            (Due.AddDays(-3), NoticeKind.DueSoon, false, 3),
            (Due.AddDays(-1), NoticeKind.DueSoon, false, 1),
            (Due.AddDays(1), NoticeKind.Overdue, false, null),
            (Due.AddDays(1), NoticeKind.Overdue, true, null),
            (Due.AddDays(8), NoticeKind.Overdue, false, null),
            (Due.AddDays(8), NoticeKind.Overdue, true, null),
            (Due.AddDays(15), NoticeKind.Overdue, false, null),
            (Due.AddDays(15), NoticeKind.Overdue, true, null),
        ];
        Assert.Equal(expected, sent.Select(n => (n.At, n.Kind, n.ToManager, n.DaysBefore)));
    }

    [Fact]
    public void EachNoticeFallsDueAtItsOwnTimeAndNotBefore()
    {
        var round = new NoticeRound(Enrolled, false, Due, null, null);

        var early = NoticePlanner.Plan(round, Schedule, [], Due.AddDays(-14).AddMinutes(-1));
        var onTime = NoticePlanner.Plan(round, Schedule, early.Done, Due.AddDays(-14));

        Assert.Empty(early.Send);
        Assert.Equal(Due.AddDays(-14), early.NextAt);
        Assert.Equal(14, Assert.Single(onTime.Send).DaysBefore);
        Assert.Equal(Due.AddDays(-3), onTime.NextAt);
    }

    [Fact]
    public void OffsetsThatFellBeforeTheAssignmentAreLeftToTheAssignmentNotice()
    {
        var round = new NoticeRound(Enrolled, true, Enrolled.AddDays(5), null, null);

        var sent = Walk(round, Schedule, Enrolled, Enrolled.AddDays(2), Enrolled.AddDays(4));

        (NoticeKind, int?)[] expected = [(NoticeKind.Assigned, null), (NoticeKind.DueSoon, 3), (NoticeKind.DueSoon, 1)];
        Assert.Equal(expected, sent.Select(n => (n.Kind, n.DaysBefore)));
    }

    [Fact]
    public void OverdueWithoutARepeatIsSentOnceAndThenNothingIsLeft()
    {
        var round = new NoticeRound(Enrolled, false, Due, null, null);
        var once = Schedule with { OverdueRepeatDays = 0 };

        var first = NoticePlanner.Plan(round, once, [], Due.AddDays(1));
        var later = NoticePlanner.Plan(round, once, first.Done, Due.AddDays(30));

        Assert.Equal([false, true], first.Send.Select(n => n.ToManager).ToArray());
        Assert.Null(first.NextAt);
        Assert.Empty(later.Send);
        Assert.Null(later.NextAt);
    }

    [Fact]
    public void CompletionStopsTheDueSoonAndOverdueNotices()
    {
        var open = new NoticeRound(Enrolled, true, Due, null, null);
        var before = NoticePlanner.Plan(open, Schedule, [], Due.AddDays(-14));
        var completed = open with { CompletedAt = Due.AddDays(-10) };

        var afterCompletion = NoticePlanner.Plan(completed, Schedule, before.Done, Due.AddDays(-10));
        var whenItWouldBeOverdue = NoticePlanner.Plan(completed, Schedule, afterCompletion.Done, Due.AddDays(2));

        Assert.Equal(NoticeKind.DueSoon, before.Send[^1].Kind);
        Assert.Empty(afterCompletion.Send);
        Assert.Null(afterCompletion.NextAt);
        Assert.Empty(whenItWouldBeOverdue.Send);
    }

    [Fact]
    public void ACompletionIsAnnouncedToTheManagerOnlyWhenTheScheduleSaysSo()
    {
        var completed = new NoticeRound(Enrolled, false, Due, Enrolled.AddDays(3), null);

        var off = NoticePlanner.Plan(completed, Schedule, [], Enrolled.AddDays(3));
        var on = NoticePlanner.Plan(completed, Schedule with { CompletedToManager = true }, [], Enrolled.AddDays(3));

        Assert.Empty(off.Send);
        var notice = Assert.Single(on.Send);
        Assert.Equal((NoticeKind.Completed, true), (notice.Kind, notice.ToManager));
    }

    [Fact]
    public void ACertificationExpiringIsToldToLearnerAndManagerAndRecertificationOpensWithItsWindow()
    {
        var completed = Enrolled.AddDays(10);
        var expires = completed.AddDays(365);
        var round = new NoticeRound(Enrolled, false, Due, completed, 365);

        var sent = Walk(round, Schedule, completed, expires.AddDays(-60), expires.AddDays(-30), expires.AddDays(-14), expires, expires.AddDays(100));

        (DateTimeOffset, NoticeKind, bool, int?)[] expected =
        [
            (expires.AddDays(-60), NoticeKind.CertificationExpiring, false, 60),
            (expires.AddDays(-60), NoticeKind.CertificationExpiring, true, 60),
            (expires.AddDays(-30), NoticeKind.RecertificationOpened, false, 30),
            (expires.AddDays(-14), NoticeKind.CertificationExpiring, false, 14),
            (expires.AddDays(-14), NoticeKind.CertificationExpiring, true, 14),
        ];
        Assert.Equal(expected, sent.Select(n => (n.At, n.Kind, n.ToManager, n.DaysBefore)));
        Assert.All(sent, n => Assert.Equal(expires, n.ExpiresAt));
        Assert.Null(NoticePlanner.Plan(round, Schedule, [], expires).NextAt);
    }

    [Fact]
    public void AShortValidityOnlyGetsTheOffsetsAfterCompletionAndItsLastQuarterAsTheWindow()
    {
        var completed = Enrolled.AddDays(1);
        var expires = completed.AddDays(30);

        var plan = NoticePlanner.Plan(new NoticeRound(Enrolled, false, null, completed, 30), Schedule, [], completed);

        Assert.Empty(plan.Send);
        Assert.Equal(expires.AddDays(-14), plan.NextAt);
        var sent = Walk(new NoticeRound(Enrolled, false, null, completed, 30), Schedule, expires.AddDays(-14), expires.AddDays(-7.5));
        (NoticeKind, int?, bool)[] expected = [(NoticeKind.CertificationExpiring, 14, false), (NoticeKind.CertificationExpiring, 14, true), (NoticeKind.RecertificationOpened, 8, false)];
        Assert.Equal(expected, sent.Select(n => (n.Kind, n.DaysBefore, n.ToManager)));
    }

    [Fact]
    public void ANoticeAlreadyDoneIsNotPlannedAgain()
    {
        var round = new NoticeRound(Enrolled, true, Due, null, null);
        var first = NoticePlanner.Plan(round, Schedule, [], Due.AddDays(1));

        var again = NoticePlanner.Plan(round, Schedule, first.Done, Due.AddDays(1));

        Assert.Equal(2, first.Send.Count(n => n.Kind == NoticeKind.Overdue));
        Assert.Empty(again.Send);
        Assert.Equal(Due.AddDays(8), again.NextAt);
    }

    [Fact]
    public void AChangedDueDatePlansAfreshFromTheNewDateAndForgetsTheOldOnesSlots()
    {
        var round = new NoticeRound(Enrolled, true, Due, null, null);
        var before = NoticePlanner.Plan(round, Schedule, [], Due.AddDays(-14));
        var later = round with { DueAt = Due.AddDays(30) };

        var moved = NoticePlanner.Plan(later, Schedule, before.Done, Due.AddDays(-13));
        var atNewOffset = NoticePlanner.Plan(later, Schedule, moved.Done, later.DueAt!.Value.AddDays(-14));

        Assert.Empty(moved.Send);
        Assert.Equal(later.DueAt!.Value.AddDays(-14), moved.NextAt);
        Assert.Single(moved.Done);
        var resent = Assert.Single(atNewOffset.Send);
        Assert.Equal((NoticeKind.DueSoon, 14, later.DueAt), (resent.Kind, resent.DaysBefore ?? 0, resent.DueAt));
        Assert.NotEqual(before.Send[^1].Slot, resent.Slot);
    }

    [Fact]
    public void ANoticeWhoseTimePassedWhileNobodyWasAwakeIsSentOnceAndOnlyTheLatestOfItsKind()
    {
        var round = new NoticeRound(Enrolled, false, Due, null, null);
        var beforeOutage = NoticePlanner.Plan(round, Schedule, [], Due.AddDays(-15));

        var wokenUp = NoticePlanner.Plan(round, Schedule, beforeOutage.Done, Due.AddDays(-2));
        var again = NoticePlanner.Plan(round, Schedule, wokenUp.Done, Due.AddDays(-2).AddMinutes(1));

        var caughtUp = Assert.Single(wokenUp.Send);
        Assert.Equal((NoticeKind.DueSoon, 3), (caughtUp.Kind, caughtUp.DaysBefore ?? 0));
        Assert.Equal(Due.AddDays(-1), wokenUp.NextAt);
        Assert.Empty(again.Send);
    }

    [Fact]
    public void ADueSoonNoticeStaleBecauseTheDueDatePassedIsReplacedByTheOverdueNotice()
    {
        var round = new NoticeRound(Enrolled, false, Due, null, null);
        var beforeOutage = NoticePlanner.Plan(round, Schedule, [], Due.AddDays(-4));

        var betweenDueAndOverdue = NoticePlanner.Plan(round, Schedule, beforeOutage.Done, Due.AddHours(12));
        var daysLater = NoticePlanner.Plan(round, Schedule, beforeOutage.Done, Due.AddDays(3));

        Assert.Empty(betweenDueAndOverdue.Send);
        Assert.Equal(Due.AddDays(1), betweenDueAndOverdue.NextAt);
        (NoticeKind, bool)[] expected = [(NoticeKind.Overdue, false), (NoticeKind.Overdue, true)];
        Assert.Equal(expected, daysLater.Send.Select(n => (n.Kind, n.ToManager)));
        Assert.Equal(Due.AddDays(8), daysLater.NextAt);
    }

    [Fact]
    public void OfOverdueRepeatsMissedDuringAnOutageOnlyTheLatestIsSent()
    {
        var round = new NoticeRound(Enrolled, false, Due, null, null);
        var first = NoticePlanner.Plan(round, Schedule, [], Due.AddDays(1));

        var afterOutage = NoticePlanner.Plan(round, Schedule, first.Done, Due.AddDays(23));

        Assert.Equal([22, 22], afterOutage.Send.Select(n => (int)(n.At - Due).TotalDays).ToArray());
        Assert.Equal(Due.AddDays(29), afterOutage.NextAt);
    }

    [Fact]
    public void ARoundStoredBeforeNoticesExistedSendsNoBacklogButPlansWhatIsAhead()
    {
        var round = new NoticeRound(Enrolled, true, Due, null, null);

        var baseline = NoticePlanner.Baseline(round, Schedule, Due.AddDays(-5));
        var next = NoticePlanner.Plan(round, Schedule, baseline.Done, Due.AddDays(-3));

        Assert.Empty(baseline.Send);
        Assert.Equal(Due.AddDays(-3), baseline.NextAt);
        Assert.Equal(3, Assert.Single(next.Send).DaysBefore);
    }

    [Fact]
    public void TheRecordOfDoneSlotsStaysSmallHoweverLongARoundRuns()
    {
        var round = new NoticeRound(Enrolled, true, Due, null, null);
        var done = (IReadOnlyCollection<string>)[];
        var sent = 0;
        var largest = 0;

        for (var now = Enrolled; now < Due.AddYears(3); now = now.AddDays(1))
        {
            var plan = NoticePlanner.Plan(round, Schedule, done, now);
            (done, sent, largest) = (plan.Done, sent + plan.Send.Length, Math.Max(largest, plan.Done.Length));
        }

        Assert.True(sent > 300, $"a notice a week for three years to two people, {sent} sent");
        Assert.True(largest <= 6, $"at most the assignment, three due-soon and the last overdue pair are kept; {largest} were");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryNoticeOfARoundHasItsOwnSlot(bool completed)
    {
        var round = new NoticeRound(Enrolled, true, Due, completed ? Due.AddDays(9) : null, 365);
        var days = Enumerable.Range(0, 800).Select(d => Enrolled.AddDays(d)).ToArray();

        var slots = Walk(round, Schedule with { CompletedToManager = true }, days).Select(n => n.Slot).ToList();

        Assert.Equal(slots.Count, slots.Distinct(StringComparer.Ordinal).Count());
        Assert.True(slots.Count >= 6, $"{slots.Count} notices");
    }

    // Plans at each time in turn, remembering what was done, and returns every notice sent.
    private static List<PlannedNotice> Walk(NoticeRound round, NoticeSchedule schedule, params DateTimeOffset[] times)
    {
        var done = (IReadOnlyCollection<string>)[];
        var sent = new List<PlannedNotice>();
        foreach (var now in times)
        {
            var plan = NoticePlanner.Plan(round, schedule, done, now);
            sent.AddRange(plan.Send);
            done = plan.Done;
        }

        return sent;
    }
}
