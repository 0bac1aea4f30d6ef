using System.Text.Json.Serialization;
using CoursePortal.Grains.Abstractions.Notifications;

namespace CoursePortal.Grains.Packages;

/// <summary>What a package enrollment keeps of its current round's notices, written with its state. Every part is null
/// while empty, and the whole is dropped when all are, to keep the activation small (docs/benchmarks.md).</summary>
[GenerateSerializer]
[Alias("courseportal.enrollment-notices")]
public sealed class EnrollmentNotices
{
    /// <summary>The round's slots sent or passed over (<see cref="Notifications.NoticePlanner"/>): never planned again.</summary>
    [Id(0)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Done { get; set; }

    /// <summary>Notices recorded but not yet taken by their recipients' inboxes, oldest first: delivered after the write
    /// that recorded them, and again from storage after a crash (an inbox ignores a key it has).</summary>
    [Id(1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<PendingNotice>? Pending { get; set; }

    /// <summary>When the enrollment's reminder was last aimed to fire; null while none is registered.</summary>
    [Id(2)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ArmedFor { get; set; }

    // A method, not a property: the storage serializer would write a property into every row.
    public bool HoldsNothing() => Done is null && Pending is null && ArmedFor is null;
}

/// <summary>A notice waiting for its recipient's inbox. <see cref="Key"/> is its idempotency key; the recipient (the
/// learner, or their manager at the time of delivery) is looked up when it is delivered.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.pending-notice")]
public sealed record PendingNotice(
    [property: Id(0)] string Key,
    [property: Id(1)] NoticeKind Kind,
    [property: Id(2)] bool ToManager,
    [property: Id(3)] int Version,
    [property: Id(4)] DateTimeOffset? DueAt,
    [property: Id(5)] DateTimeOffset? ExpiresAt,
    [property: Id(6)] int? DaysBefore,
    [property: Id(7)] DateTimeOffset CreatedAt);
