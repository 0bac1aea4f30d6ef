namespace CoursePortal.Grains.Abstractions.Notifications;

/// <summary>One notice to one recipient about one learner's package enrollment. <see cref="Key"/> is its idempotency key
/// (learner, package, kind, due date or expiry, offset, recipient): the enrollment records it with its state write before
/// handing the notice on, and an inbox that already has the key ignores it, so a reminder that fires twice, or a delivery
/// repeated after a crash, makes one notice. Names (package, learner) are looked up when the notice is shown or mailed.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.notice")]
public sealed record Notice(
    [property: Id(0)] string Key,
    [property: Id(1)] NoticeKind Kind,
    [property: Id(2)] string LearnerId,
    [property: Id(3)] string RecipientId,
    [property: Id(4)] string PackageId,
    [property: Id(5)] int Version,
    [property: Id(6)] DateTimeOffset? DueAt,
    [property: Id(7)] DateTimeOffset? ExpiresAt,
    [property: Id(8)] int? DaysBefore,
    [property: Id(9)] DateTimeOffset CreatedAt)
{
    /// <summary>Whether the notice goes to the learner's manager rather than the learner.</summary>
    public bool ToManager => RecipientId != LearnerId;

    /// <summary>Reminders a learner may turn off on their profile; assignment and overdue notices always go.</summary>
    public bool IsReminder => Kind is NoticeKind.DueSoon or NoticeKind.CertificationExpiring or NoticeKind.RecertificationOpened;
}
