using System.Collections.Immutable;

namespace CoursePortal.Grains.Notifications;

/// <summary>When the notices of a package enrollment go out, in days: due-soon reminders before the due date, the
/// overdue repeat after it, certification-expiring reminders before the expiry, and whether managers hear of completions.</summary>
/// <param name="DueSoonDays">Days before the due date that a due-soon reminder goes to the learner.</param>
/// <param name="OverdueRepeatDays">Days between overdue notices after the first (the day after the due date); 0 sends one.</param>
/// <param name="CertificationExpiringDays">Days before a certification expires that the learner and their manager are told.</param>
/// <param name="CompletedToManager">Whether a completion is announced to the learner's manager.</param>
public sealed record NoticeSchedule(
    ImmutableArray<int> DueSoonDays,
    int OverdueRepeatDays,
    ImmutableArray<int> CertificationExpiringDays,
    bool CompletedToManager)
{
    /// <summary>14, 3 and 1 days before the due date; weekly once overdue; 60 and 14 days before expiry; no completion notices.</summary>
    public static readonly NoticeSchedule Default = new([14, 3, 1], 7, [60, 14], false);
}
