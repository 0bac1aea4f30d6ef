using System.Collections.Immutable;
using System.Globalization;
using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Grains.Notifications;

/// <summary>The dates of one round of a package enrollment (from enrolling to completing, and the certification that
/// follows) that its notices are planned from. <see cref="Assigned"/>: someone other than the learner enrolled them.</summary>
public sealed record NoticeRound(DateTimeOffset EnrolledAt, bool Assigned, DateTimeOffset? DueAt, DateTimeOffset? CompletedAt, int? ValidityDays);

/// <summary>One notice of a round, falling due <see cref="At"/>, to the learner or (<see cref="ToManager"/>) their
/// manager. <see cref="Slot"/> names it within the round (kind, offset, recipient and the date it counts from), so the
/// same dates always name the same slot and a changed due date names new ones.</summary>
public sealed record PlannedNotice(
    string Slot, NoticeKind Kind, bool ToManager, DateTimeOffset At, DateTimeOffset? DueAt, DateTimeOffset? ExpiresAt, int? DaysBefore);

/// <summary>What a round's notices need now.</summary>
/// <param name="Send">The notices to send now, oldest first.</param>
/// <param name="Done">The slots to remember as done (sent before, sent now, or passed over): none is planned again.</param>
/// <param name="NextAt">When the next notice falls due; null when none will.</param>
public sealed record NoticePlan(ImmutableArray<PlannedNotice> Send, ImmutableArray<string> Done, DateTimeOffset? NextAt);

/// <summary>
/// Plans a package enrollment round's notices from its dates, as a pure function of the dates, the schedule, the slots
/// already done and the time. The rules:
/// <list type="bullet">
/// <item>Assigned: to the learner, when someone else enrolled them, at once (the notice carries the due date).</item>
/// <item>Due soon: to the learner at each offset before the due date that falls after the enrollment (an earlier one is
/// covered by the assignment notice), until the round is completed. Once the due date has passed, a due-soon notice not
/// yet sent is stale and is passed over: the overdue notice replaces it.</item>
/// <item>Overdue: to the learner and to their manager the day after the due date, then every repeat interval, until the
/// round is completed.</item>
/// <item>Completed: to the manager at completion, when the schedule says so.</item>
/// <item>Certification expiring: to the learner and their manager at each offset before expiry (completion plus the
/// validity) that falls after completion; recertification opened: to the learner when the recertification window
/// (<see cref="EnrollmentRules.RecertificationWindow"/>) opens. Both are stale once the certification has expired, and
/// a new round (re-enrolling) ends them.</item>
/// <item>Completion stops the due-soon and overdue notices.</item>
/// <item>Catching up: a notice whose time passed unsent (the cluster was down, a wake-up came late) is sent at the next
/// plan; of several of one kind to one recipient only the latest is sent and the earlier ones are passed over. Of the
/// overdue repeats only the latest that has passed and the next are named at all.</item>
/// <item>Done slots are never planned again; only the ones the round's current dates still name are kept, so the record
/// stays small and a changed due date plans afresh from the new date.</item>
/// </list>
/// </summary>
public static class NoticePlanner
{
    private const char Learner = 'L';
    private const char Manager = 'M';

    /// <summary>What the round needs at <paramref name="now"/>, given the slots <paramref name="done"/> so far.</summary>
    public static NoticePlan Plan(NoticeRound round, NoticeSchedule schedule, IReadOnlyCollection<string> done, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(done);
        var alreadyDone = done.ToHashSet(StringComparer.Ordinal);
        var kept = ImmutableArray.CreateBuilder<string>();
        var due = new List<PlannedNotice>();
        DateTimeOffset? next = null;
        foreach (var (notice, stale) in Named(round, schedule, now))
        {
            if (alreadyDone.Contains(notice.Slot))
            {
                kept.Add(notice.Slot);
            }
            else if (notice.At > now)
            {
                next = next is { } earlier && earlier <= notice.At ? earlier : notice.At;
            }
            else
            {
                kept.Add(notice.Slot);
                if (!stale)
                {
                    due.Add(notice);
                }
            }
        }

        var send = due.GroupBy(n => (n.Kind, n.ToManager)).Select(g => g.MaxBy(n => n.At)!).OrderBy(n => n.At).ThenBy(n => n.ToManager);
        return new NoticePlan([.. send], kept.ToImmutable(), next);
    }

    /// <summary>The plan of a round stored before its notices were planned: what fell due before <paramref name="now"/>
    /// counts as done and nothing is sent, so a portal upgraded mid-round sends no backlog of late notices.</summary>
    public static NoticePlan Baseline(NoticeRound round, NoticeSchedule schedule, DateTimeOffset now) =>
        Plan(round, schedule, [], now) with { Send = [] };

    /// <summary>Every notice the round's dates name at <paramref name="now"/>, with whether it is stale.</summary>
    private static IEnumerable<(PlannedNotice Notice, bool Stale)> Named(NoticeRound round, NoticeSchedule schedule, DateTimeOffset now)
    {
        if (round.Assigned)
        {
            yield return (new PlannedNotice(Slot('A', 0, Learner, round.EnrolledAt), NoticeKind.Assigned, false, round.EnrolledAt, round.DueAt, null, null), false);
        }

        if (round.CompletedAt is not { } completed)
        {
            if (round.DueAt is { } due)
            {
                foreach (var notice in BeforeDue(round.EnrolledAt, due, schedule, now))
                {
                    yield return notice;
                }
            }

            yield break;
        }

        var expires = round.ValidityDays is { } days ? completed.AddDays(days) : (DateTimeOffset?)null;
        if (schedule.CompletedToManager)
        {
            yield return (new PlannedNotice(Slot('C', 0, Manager, completed), NoticeKind.Completed, true, completed, round.DueAt, expires, null), false);
        }

        if (round.ValidityDays is { } validity)
        {
            foreach (var notice in BeforeExpiry(completed, validity, schedule, now))
            {
                yield return notice;
            }
        }
    }

    private static IEnumerable<(PlannedNotice, bool)> BeforeDue(DateTimeOffset enrolledAt, DateTimeOffset due, NoticeSchedule schedule, DateTimeOffset now)
    {
        var passed = now >= due;
        foreach (var days in schedule.DueSoonDays)
        {
            var at = due.AddDays(-days);
            if (at > enrolledAt)
            {
                yield return (new PlannedNotice(Slot('S', days, Learner, due), NoticeKind.DueSoon, false, at, due, null, days), passed);
            }
        }

        foreach (var daysAfter in OverdueDays(due, schedule.OverdueRepeatDays, now))
        {
            var at = due.AddDays(daysAfter);
            yield return (new PlannedNotice(Slot('O', daysAfter, Learner, due), NoticeKind.Overdue, false, at, due, null, null), false);
            yield return (new PlannedNotice(Slot('O', daysAfter, Manager, due), NoticeKind.Overdue, true, at, due, null, null), false);
        }
    }

    // The days after the due date of the latest overdue notice that has passed (none before the first) and of the next.
    private static IEnumerable<int> OverdueDays(DateTimeOffset due, int repeatDays, DateTimeOffset now)
    {
        var first = due.AddDays(1);
        if (now < first || repeatDays <= 0)
        {
            yield return 1;
            yield break;
        }

        var latest = 1 + (int)((now - first).Ticks / TimeSpan.FromDays(repeatDays).Ticks) * repeatDays;
        yield return latest;
        yield return latest + repeatDays;
    }

    private static IEnumerable<(PlannedNotice, bool)> BeforeExpiry(DateTimeOffset completed, int validityDays, NoticeSchedule schedule, DateTimeOffset now)
    {
        var expires = completed.AddDays(validityDays);
        var expired = now >= expires;
        foreach (var days in schedule.CertificationExpiringDays)
        {
            var at = expires.AddDays(-days);
            if (at > completed)
            {
                yield return (new PlannedNotice(Slot('E', days, Learner, expires), NoticeKind.CertificationExpiring, false, at, null, expires, days), expired);
                yield return (new PlannedNotice(Slot('E', days, Manager, expires), NoticeKind.CertificationExpiring, true, at, null, expires, days), expired);
            }
        }

        var window = EnrollmentRules.RecertificationWindow(validityDays);
        var opens = expires - window;
        if (opens > completed)
        {
            var daysBefore = (int)Math.Round(window.TotalDays);
            yield return (new PlannedNotice(Slot('R', daysBefore, Learner, expires), NoticeKind.RecertificationOpened, false, opens, null, expires, daysBefore), expired);
        }
    }

    // E.g. "S14L@1767225600": due soon, 14 days before, to the learner, for the due date at that Unix time.
    private static string Slot(char kind, int offset, char recipient, DateTimeOffset from) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}{offset}{recipient}@{from.ToUnixTimeSeconds()}");
}
