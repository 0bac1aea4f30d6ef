using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Versioning;

/// <summary>Turns what a change did to a version log into audit events: a version drafted, published or
/// archived, each with who did it (from the version's own audit fields) and when.</summary>
public static class VersionEvents
{
    public static IReadOnlyList<(int Number, VersionStatus Status)> Snapshot<TContent>(VersionLog<TContent> log)
        where TContent : class
    {
        ArgumentNullException.ThrowIfNull(log);
        return [.. log.Versions.Select(v => (v.Number, v.Status))];
    }

    /// <summary>The events for what changed in <paramref name="log"/> since <paramref name="before"/>; with
    /// <paramref name="isCourse"/> the events carry the course id and version, else the package's.
    /// <paramref name="scheduledBefore"/> is the number of the version that was waiting for its effective date before
    /// the change: its archiving is a cancelled publish, not a retirement.</summary>
    public static IEnumerable<LearningEvent> Since<TContent>(
        IReadOnlyList<(int Number, VersionStatus Status)> before, VersionLog<TContent> log, string ownerId, bool isCourse, DateTimeOffset now,
        int? scheduledBefore = null)
        where TContent : class
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(log);
        foreach (var version in log.Versions)
        {
            var previous = before.FirstOrDefault(b => b.Number == version.Number);
            var (kind, actor) = (previous.Number == 0, previous.Status, version.Status) switch
            {
                (true, _, VersionStatus.Draft) => (LearningEventKinds.VersionDrafted, version.CreatedBy),
                (false, VersionStatus.Draft, VersionStatus.Published) or (true, _, VersionStatus.Published) => (LearningEventKinds.VersionPublished, version.PublishedBy),
                (false, VersionStatus.Published, VersionStatus.Archived) when version.Number == scheduledBefore => (LearningEventKinds.PublishCancelled, version.ArchivedBy),
                (false, not VersionStatus.Archived, VersionStatus.Archived) => (LearningEventKinds.VersionArchived, version.ArchivedBy),
                _ => (null, null),
            };
            if (kind is null)
            {
                continue;
            }

            // The reason is carried only where there is one (an approver's archive or cancel), so the other events read as before.
            var details = version.ArchiveReason is { } reason && kind is LearningEventKinds.VersionArchived or LearningEventKinds.PublishCancelled
                ? Learning.Outbox.Details(new { version.ChangeNotes, effectiveDate = version.EffectiveDate, copiedFrom = version.CopiedFrom, reason })
                : Learning.Outbox.Details(new { version.ChangeNotes, effectiveDate = version.EffectiveDate, copiedFrom = version.CopiedFrom });
            yield return isCourse
                ? new LearningEvent(Guid.NewGuid(), now, kind, actor, null, CourseId: ownerId, CourseVersion: version.Number, Details: details)
                : new LearningEvent(Guid.NewGuid(), now, kind, actor, null, PackageId: ownerId, PackageVersion: version.Number, Details: details);
        }
    }
}
