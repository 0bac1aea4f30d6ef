using System.Text.Json.Serialization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Versioning;

/// <summary>
/// Every version of one course or package and the rules that move them: at most one
/// draft, at most one active published version, at most one version waiting for its effective date;
/// published and archived versions never change; numbers are sequential and never reused. Each
/// method checks everything before it changes anything, so a refusal leaves the log as it was.
/// </summary>
[GenerateSerializer]
[Alias("courseportal.version-log`1")]
public sealed class VersionLog<TContent>
    where TContent : class
{
    /// <summary>Every version in number order; a discarded draft is removed.</summary>
    [Id(0)]
    public List<ContentVersion<TContent>> Versions { get; init; } = [];

    /// <summary>The number of the active published version.</summary>
    [Id(1)]
    public int? Active { get; set; }

    /// <summary>The number of a published version waiting for its effective date.</summary>
    [Id(2)]
    public int? Scheduled { get; set; }

    /// <summary>The highest number ever given, so a discarded draft's number is not given again.</summary>
    [Id(3)]
    public int LastNumber { get; set; }

    // Derived properties are kept out of the stored JSON.
    [JsonIgnore]
    public bool Exists => Versions.Count > 0;

    [JsonIgnore]
    public ContentVersion<TContent>? Draft => Versions.Find(v => v.Status == VersionStatus.Draft);

    [JsonIgnore]
    public ContentVersion<TContent>? ActiveVersion => Active is { } n ? Find(n) : null;

    [JsonIgnore]
    public ContentVersion<TContent>? ScheduledVersion => Scheduled is { } n ? Find(n) : null;

    /// <summary>While nothing is active: the version that was active last, retired by archiving (not one replaced by a
    /// newer version, nor a scheduled publish cancelled before it took effect). Null while a version is active.</summary>
    [JsonIgnore]
    public ContentVersion<TContent>? RetiredVersion => Active is not null ? null : Versions
        .Where(v => v is { Status: VersionStatus.Archived, PublishedAt: not null, ArchivedAt: { } archived } && (v.EffectiveDate ?? v.PublishedAt) <= archived)
        .MaxBy(v => v.ArchivedAt);

    public ContentVersion<TContent>? Find(int number) => Versions.Find(v => v.Number == number);

    public ContentVersion<TContent> Get(Subject subject, int number) =>
        Find(number) ?? throw new DomainException(DomainErrorKind.NotFound, ErrorCodes.NotFound, $"{subject} has no version {number}.", "version");

    public ContentVersion<TContent> Create(Subject subject, TContent content, string actor, DateTimeOffset now)
    {
        if (Exists)
        {
            throw DomainException.Conflict(subject.ExistsCode, $"{subject} already exists.");
        }

        return Add(subject, content, actor, now, copiedFrom: null);
    }

    /// <summary>Replaces the draft's content, opening a draft from the active version first when there is none.</summary>
    /// <summary>Replaces the draft's content (opening a draft when there is none). With <paramref name="expectedRevision"/>
    /// (the <see cref="ContentVersion{TContent}.UpdatedAt"/> ticks of what the editor started from: the draft, or the
    /// active version when there was no draft), a save by someone else in between is refused instead of overwritten;
    /// the check and the write are one grain turn.</summary>
    public ContentVersion<TContent> SaveDraft(Subject subject, TContent content, string actor, DateTimeOffset now, long? expectedRevision = null)
    {
        if (expectedRevision is { } revision && (Draft ?? ActiveVersion) is { } basis && basis.UpdatedAt.UtcTicks != revision)
        {
            throw DomainException.Conflict(ErrorCodes.DraftChanged, Draft is not null
                ? $"{basis.UpdatedBy} saved this draft after you opened it; your change was not applied. Review the draft and make it again."
                : $"{subject} changed after you opened it; your change was not applied. Review it and make the change again.");
        }

        var draft = Draft ?? OpenDraft(subject, null, actor, now);
        return Replace(draft with { Content = content, UpdatedBy = actor, UpdatedAt = now });
    }

    /// <summary>Makes imported content the draft: replaces the draft's content, or adds a new draft
    /// (copied from nothing) when there is none, even while nothing is active.</summary>
    public ContentVersion<TContent> ImportDraft(Subject subject, TContent content, string actor, DateTimeOffset now) =>
        !Exists ? Create(subject, content, actor, now)
        : Draft is { } draft ? Replace(draft with { Content = content, UpdatedBy = actor, UpdatedAt = now })
        : Add(subject, content, actor, now, copiedFrom: null);

    /// <summary>A new draft copied from the active version, or from <paramref name="fromVersion"/>.</summary>
    public ContentVersion<TContent> OpenDraft(Subject subject, int? fromVersion, string actor, DateTimeOffset now)
    {
        RequireExists(subject);
        if (Draft is { } existing)
        {
            throw DomainException.Conflict(ErrorCodes.DraftExists, $"{subject} already has a draft (version {existing.Number}).");
        }

        var source = fromVersion is { } n ? Get(subject, n) : ActiveVersion ?? ScheduledVersion
            ?? throw DomainException.Conflict(ErrorCodes.NoActiveVersion, $"{subject} has no active version to copy; name the version to copy.");
        if (!VersionLifecycle.Allows(source.Status, VersionAction.CopyToDraft))
        {
            throw DomainException.Conflict(ErrorCodes.VersionNotCopyable, $"Version {source.Number} is a {source.Status.ToString().ToLowerInvariant()} version and cannot be copied.");
        }

        return Add(subject, source.Content, actor, now, source.Number);
    }

    public ContentVersion<TContent> DiscardDraft(Subject subject)
    {
        RequireExists(subject);
        var draft = Draft ?? throw NoDraft(subject);
        Versions.Remove(draft);
        return draft;
    }

    /// <summary>Freezes the draft after <paramref name="validate"/> accepts it. The published version is
    /// active at once unless its effective date is still ahead; then it waits as <see cref="Scheduled"/>.</summary>
    public ContentVersion<TContent> Publish(
        Subject subject, PublishRequest request, string actor, DateTimeOffset now, bool requireSecondPerson, Action<TContent> validate)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(validate);
        RequireExists(subject);
        var draft = Draft ?? throw NoDraft(subject);
        if (Scheduled is { } waiting)
        {
            throw DomainException.Conflict(ErrorCodes.PublishScheduled, $"Version {waiting} is already scheduled to become active; wait for it before publishing another.");
        }

        if (requireSecondPerson && string.Equals(draft.UpdatedBy, actor, StringComparison.Ordinal))
        {
            throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.SecondPersonRequired,
                "Four-eyes publishing is on: someone other than the draft's last editor must publish it.");
        }

        if (request.ChangeNotes is { Length: > PublishRequest.MaxChangeNotesLength })
        {
            throw new DomainException([new FieldError(ErrorCodes.TooLong, "changeNotes", $"At most {PublishRequest.MaxChangeNotesLength} characters.")]);
        }

        if (request.EffectiveDate is { } asked && asked < now - PublishRequest.PastTolerance)
        {
            throw new DomainException([new FieldError(ErrorCodes.EffectiveDatePast, "effectiveDate",
                $"The effective date {asked:yyyy-MM-dd HH:mm} UTC has passed; choose a later one, or leave it empty to publish now.")]);
        }

        validate(draft.Content);
        var effective = request.EffectiveDate is { } date && date > now ? date : now;
        var published = Replace(draft with
        {
            Status = VersionStatus.Published,
            PublishedBy = actor,
            PublishedAt = now,
            ChangeNotes = request.ChangeNotes,
            EffectiveDate = effective,
        });
        if (effective > now)
        {
            Scheduled = published.Number;
            return published;
        }

        return Activate(published.Number, actor, now);
    }

    /// <summary>Makes a published version the active one, archiving the one it replaces.</summary>
    public ContentVersion<TContent> Activate(int number, string actor, DateTimeOffset now)
    {
        if (ActiveVersion is { } previous)
        {
            Replace(previous with { Status = VersionStatus.Archived, ArchivedBy = actor, ArchivedAt = now });
        }

        Active = number;
        if (Scheduled == number)
        {
            Scheduled = null;
        }

        return Find(number)!;
    }

    /// <summary>Retires the active version: nothing is active any more, so nobody new can start. With a version
    /// scheduled it is refused: that version would bring the retired one back on its effective date.</summary>
    public ContentVersion<TContent> Archive(Subject subject, string? reason, string actor, DateTimeOffset now)
    {
        RequireExists(subject);
        var active = ActiveVersion ?? throw DomainException.Conflict(ErrorCodes.NoActiveVersion, $"{subject} has no active version to archive.");
        if (ScheduledVersion is { } waiting)
        {
            throw DomainException.Conflict(ErrorCodes.PublishScheduled,
                $"Version {waiting.Number} is scheduled to become active on {waiting.EffectiveDate:yyyy-MM-dd HH:mm} UTC; cancel that publish before archiving.");
        }

        var archived = Replace(active with { Status = VersionStatus.Archived, ArchivedBy = actor, ArchivedAt = now, ArchiveReason = reason });
        Active = null;
        return archived;
    }

    /// <summary>Cancels the publish waiting for its effective date: the version never becomes active and is archived, with
    /// <paramref name="reason"/> when one is given (published versions never change back into drafts); a new draft can be copied from it.</summary>
    public ContentVersion<TContent> CancelScheduled(Subject subject, string? reason, string actor, DateTimeOffset now)
    {
        RequireExists(subject);
        var waiting = ScheduledVersion ?? throw DomainException.Conflict(ErrorCodes.NothingScheduled, $"{subject} has no publish waiting for its effective date.");
        Scheduled = null;
        return Replace(waiting with { Status = VersionStatus.Archived, ArchivedBy = actor, ArchivedAt = now, ArchiveReason = reason });
    }

    public VersionInfo Describe(ContentVersion<TContent> v, string title)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.Number, v.Status, v.Number == Active, v.Number == Scheduled, title, v.CreatedBy, v.CreatedAt, v.UpdatedBy, v.UpdatedAt,
            v.PublishedBy, v.PublishedAt, v.ArchivedBy, v.ArchivedAt, v.ChangeNotes, v.EffectiveDate, v.CopiedFrom, v.ArchiveReason);
    }

    private void RequireExists(Subject subject)
    {
        if (!Exists)
        {
            throw DomainException.NotFound(subject.Kind, subject.Id);
        }
    }

    private static DomainException NoDraft(Subject subject) => DomainException.Conflict(ErrorCodes.NoDraft, $"{subject} has no draft.");

    private ContentVersion<TContent> Add(Subject subject, TContent content, string actor, DateTimeOffset now, int? copiedFrom)
    {
        var version = new ContentVersion<TContent>(subject.Id, ++LastNumber, VersionStatus.Draft, content, actor, now, actor, now, CopiedFrom: copiedFrom);
        Versions.Add(version);
        return version;
    }

    private ContentVersion<TContent> Replace(ContentVersion<TContent> version)
    {
        Versions[Versions.FindIndex(v => v.Number == version.Number)] = version;
        return version;
    }
}

/// <summary>What a version log belongs to, for messages: e.g. Course 'phishing'.</summary>
public readonly record struct Subject(string Kind, string Id)
{
    public const string CourseKind = "Course";
    public const string PackageKind = "Package";

    /// <summary>The code of creating what already exists: <c>course_exists</c> or <c>package_exists</c>.</summary>
    public string ExistsCode => Kind == CourseKind ? ErrorCodes.CourseExists : ErrorCodes.PackageExists;

    public override string ToString() => $"{Kind} '{Id}'";
}
