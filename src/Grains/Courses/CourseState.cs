using System.Text.Json.Serialization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;

namespace CoursePortal.Grains.Courses;

/// <summary>
/// All versions of one course and the rules that move them (DESIGN.md §3): the grain persists this
/// state and talks to other grains; every transition and its refusals live here.
/// </summary>
[GenerateSerializer]
[Alias("courseportal.course-state")]
public sealed class CourseState
{
    /// <summary>Every version in number order; a discarded draft is removed and its number reused.</summary>
    [Id(0)]
    public List<CourseVersion> Versions { get; init; } = [];

    /// <summary>The number of the active published version.</summary>
    [Id(1)]
    public int? Active { get; set; }

    /// <summary>The number of a published version waiting for its effective date.</summary>
    [Id(2)]
    public int? Scheduled { get; set; }

    /// <summary>The ids of the course's exports, oldest first.</summary>
    [Id(3)]
    public List<string> Exports { get; init; } = [];

    // Derived properties are kept out of the stored JSON.
    [JsonIgnore]
    public bool Exists => Versions.Count > 0;

    [JsonIgnore]
    public CourseVersion? Draft => Versions.Find(v => v.Status == CourseStatus.Draft);

    [JsonIgnore]
    public CourseVersion? ActiveVersion => Active is { } n ? Find(n) : null;

    [JsonIgnore]
    public CourseVersion? ScheduledVersion => Scheduled is { } n ? Find(n) : null;

    public CourseVersion? Find(int number) => Versions.Find(v => v.Number == number);

    public CourseVersion Get(string courseId, int number) =>
        Find(number) ?? throw new DomainException(DomainErrorKind.NotFound, ErrorCodes.NotFound, $"Course '{courseId}' has no version {number}.", "version");

    public CourseVersion Create(string courseId, CourseContent content, string actor, DateTimeOffset now)
    {
        if (Exists)
        {
            throw DomainException.Conflict("course_exists", $"Course '{courseId}' already exists.");
        }

        return Add(new CourseVersion(courseId, 1, CourseStatus.Draft, content, actor, now, actor, now));
    }

    /// <summary>Replaces the draft's content, opening a draft from the active version first when there is none.</summary>
    public CourseVersion SaveDraft(string courseId, CourseContent content, string actor, DateTimeOffset now)
    {
        var draft = Draft ?? OpenDraft(courseId, null, actor, now);
        var saved = draft with { Content = content, UpdatedBy = actor, UpdatedAt = now };
        Replace(saved);
        return saved;
    }

    /// <summary>Makes imported content the draft: replaces the draft's content, or adds a new draft
    /// version (copied from nothing) when there is none, even while nothing is active.</summary>
    public CourseVersion ImportDraft(string courseId, CourseContent content, string actor, DateTimeOffset now)
    {
        if (!Exists)
        {
            return Create(courseId, content, actor, now);
        }

        if (Draft is { } draft)
        {
            var saved = draft with { Content = content, UpdatedBy = actor, UpdatedAt = now };
            Replace(saved);
            return saved;
        }

        return Add(new CourseVersion(courseId, Versions.Max(v => v.Number) + 1, CourseStatus.Draft, content, actor, now, actor, now));
    }

    public CourseVersion OpenDraft(string courseId, int? fromVersion, string actor, DateTimeOffset now)
    {
        RequireExists(courseId);
        if (Draft is { } existing)
        {
            throw DomainException.Conflict("draft_exists", $"Course '{courseId}' already has a draft (version {existing.Number}).");
        }

        var source = fromVersion is { } n ? Get(courseId, n) : ActiveVersion ?? ScheduledVersion
            ?? throw DomainException.Conflict("no_active_version", $"Course '{courseId}' has no active version to copy; name the version to copy.");
        if (!CourseLifecycle.Allows(source.Status, VersionAction.CopyToDraft))
        {
            throw DomainException.Conflict("version_not_copyable", $"Version {source.Number} is a {source.Status.ToString().ToLowerInvariant()} version and cannot be copied.");
        }

        return Add(new CourseVersion(courseId, Versions.Max(v => v.Number) + 1, CourseStatus.Draft, source.Content, actor, now, actor, now, CopiedFrom: source.Number));
    }

    public CourseVersion DiscardDraft(string courseId)
    {
        RequireExists(courseId);
        var draft = Draft ?? throw NoDraft(courseId);
        Versions.Remove(draft);
        return draft;
    }

    /// <summary>Freezes the draft. Returns the published version; it is active at once unless its
    /// effective date is still ahead, in which case it waits as <see cref="Scheduled"/>.</summary>
    public CourseVersion Publish(string courseId, PublishRequest request, string actor, DateTimeOffset now, bool requireSecondPerson)
    {
        RequireExists(courseId);
        var draft = Draft ?? throw NoDraft(courseId);
        if (Scheduled is { } waiting)
        {
            throw DomainException.Conflict("publish_scheduled", $"Version {waiting} is already scheduled to become active; wait for it before publishing another.");
        }

        if (requireSecondPerson && string.Equals(draft.UpdatedBy, actor, StringComparison.Ordinal))
        {
            throw new DomainException(DomainErrorKind.Forbidden, "second_person_required",
                "Four-eyes publishing is on: someone other than the draft's last editor must publish it.");
        }

        if (request.ChangeNotes is { Length: > CourseValidation.MaxDescriptionLength })
        {
            throw new DomainException([new FieldError(CourseValidation.Codes.TooLong, "changeNotes", $"At most {CourseValidation.MaxDescriptionLength} characters.")]);
        }

        CourseValidation.ThrowIfAny(CourseValidation.ValidateForPublish(courseId, draft.Content));
        var effective = request.EffectiveDate is { } date && date > now ? date : now;
        var published = draft with
        {
            Status = CourseStatus.Published,
            PublishedBy = actor,
            PublishedAt = now,
            ChangeNotes = request.ChangeNotes,
            EffectiveDate = effective,
        };
        Replace(published);
        if (effective > now)
        {
            Scheduled = published.Number;
            return published;
        }

        return Activate(published.Number, actor, now);
    }

    /// <summary>Makes a published version the active one, archiving the one it replaces.</summary>
    public CourseVersion Activate(int number, string actor, DateTimeOffset now)
    {
        if (ActiveVersion is { } previous)
        {
            Replace(previous with { Status = CourseStatus.Archived, ArchivedBy = actor, ArchivedAt = now });
        }

        Active = number;
        if (Scheduled == number)
        {
            Scheduled = null;
        }

        return Find(number)!;
    }

    /// <summary>Retires the course: the active version is archived and nothing is active any more.</summary>
    public CourseVersion Archive(string courseId, string actor, DateTimeOffset now)
    {
        RequireExists(courseId);
        var active = ActiveVersion ?? throw DomainException.Conflict("no_active_version", $"Course '{courseId}' has no active version to archive.");
        var archived = active with { Status = CourseStatus.Archived, ArchivedBy = actor, ArchivedAt = now };
        Replace(archived);
        Active = null;
        return archived;
    }

    public CourseVersionInfo Describe(CourseVersion v) => new(
        v.Number, v.Status, v.Number == Active, v.Number == Scheduled, v.Content.Title, v.CreatedBy, v.CreatedAt, v.UpdatedBy, v.UpdatedAt,
        v.PublishedBy, v.PublishedAt, v.ArchivedBy, v.ArchivedAt, v.ChangeNotes, v.EffectiveDate, v.CopiedFrom);

    private void RequireExists(string courseId)
    {
        if (!Exists)
        {
            throw DomainException.NotFound("Course", courseId);
        }
    }

    private static DomainException NoDraft(string courseId) => DomainException.Conflict("no_draft", $"Course '{courseId}' has no draft.");

    private CourseVersion Add(CourseVersion version)
    {
        Versions.Add(version);
        return version;
    }

    private void Replace(CourseVersion version) => Versions[Versions.FindIndex(v => v.Number == version.Number)] = version;
}
