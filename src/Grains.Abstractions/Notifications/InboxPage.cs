using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Notifications;

/// <summary>What the header's list shows: how many notices are unread, and the newest ones.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.inbox-page")]
public sealed record InboxPage(
    [property: Id(0)] int Unread,
    [property: Id(1)] ImmutableArray<InboxItem> Items);

/// <summary>One kept notice with the names it shows: the package's name (its id when the package cannot be read) and, on a
/// manager's copy, the learner's display name.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.inbox-item")]
public sealed record InboxItem(
    [property: Id(0)] Notice Notice,
    [property: Id(1)] bool Read,
    [property: Id(2)] string PackageName,
    [property: Id(3)] string? LearnerName);
