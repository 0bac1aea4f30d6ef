using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Courses.Archive;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Services;

/// <summary>A course as its editor shows it: the draft being edited (if any), the active version and the history.</summary>
public sealed record CourseEditing(string Id, ContentVersion<CourseContent>? Draft, ContentVersion<CourseContent>? Active, ImmutableArray<VersionInfo> History)
{
    /// <summary>What the editor shows: the draft, else the active version, else the newest one.</summary>
    public ContentVersion<CourseContent>? Shown => Draft ?? Active;
}

/// <summary>The author pages' and the course API's way to a course: its drafts, versions, publishing, exports and import.</summary>
public sealed class CourseService(IGrainFactory grains)
{
    /// <summary>Every course, drafts included, with its versions and their learners.</summary>
    public async Task<IReadOnlyList<AuthoredItem>> ListAuthoredAsync()
    {
        var courses = await grains.Reference<ICatalogGrain>(GrainKeys.Catalog).ListCoursesAsync(new CatalogQuery(IncludeUnpublished: true));
        var histories = await Task.WhenAll(courses.Select(c => Course(c.Id).GetHistoryAsync()));
        var learners = await Task.WhenAll(courses.Select(c => LearnersAsync(c.Id)));
        // A course version nobody started says when it was published rather than "0 enrolled".
        return [.. courses.Select((c, i) => new AuthoredItem(c.Id, c.Title, [.. histories[i].Reverse().Select(v =>
            new AuthoredVersion(v, learners[i].TryGetValue(v.Number, out var l) && l.Started > 0 ? new PackageVersionCounts(l.Started, l.Completed) : null))]))];
    }

    /// <summary>The course with its draft and history; 404 when it does not exist.</summary>
    public async Task<CourseEditing> GetAsync(string id)
    {
        var history = await HistoryAsync(id);
        var course = Course(id);
        return new CourseEditing(id, await course.GetDraftAsync(), await course.GetActiveAsync(), history);
    }

    /// <summary>Every version of the course, oldest first; 404 when it does not exist.</summary>
    public async Task<ImmutableArray<VersionInfo>> HistoryAsync(string id)
    {
        var history = await Course(id).GetHistoryAsync();
        return history.IsEmpty ? throw DomainException.NotFound("Course", id) : history;
    }

    /// <summary>The active version, or for an author any version by number.</summary>
    public async Task<ContentVersion<CourseContent>> ReadAsync(string id, int? version, bool asAuthor)
    {
        var course = Course(id);
        if (version is not null && !asAuthor)
        {
            throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.Forbidden, "Only authors read versions other than the active one.");
        }

        return version is { } n ? await course.GetVersionAsync(n) : await course.GetActiveAsync() ?? throw DomainException.NotFound("Course", id);
    }

    /// <summary>The version learners are offered now, or null when the course has none (or the id names nothing).</summary>
    public Task<ContentVersion<CourseContent>?> FindActiveAsync(string id) =>
        Ids.IsValid(id) ? Course(id).GetActiveAsync() : Task.FromResult<ContentVersion<CourseContent>?>(null);

    public Task<ContentVersion<CourseContent>> GetVersionAsync(string id, int number) => Course(id).GetVersionAsync(number);

    /// <summary>Creates the course as draft version 1 under the id its author chose.</summary>
    public Task<ContentVersion<CourseContent>> CreateAsync(string id, CourseContent content, string actor) =>
        grains.Reference<ICourseGrain>(GrainKeys.Course(Ids.Require(id))).CreateAsync(content, actor);

    /// <summary>Replaces the draft; with a <paramref name="revision"/>, a draft saved by someone else since is refused.</summary>
    public Task<ContentVersion<CourseContent>> SaveDraftAsync(string id, CourseContent content, long? revision, string actor) =>
        Course(id).SaveDraftAsync(content, actor, revision);

    /// <summary>Applies one editor change to the draft and stores it. <paramref name="revision"/> is the draft's
    /// last-saved time as the form saw it: a draft saved by someone else meanwhile is refused, not overwritten.</summary>
    public async Task<ContentVersion<CourseContent>> EditDraftAsync(string id, long revision, Func<CourseContent, CourseContent> edit, string actor)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var course = Course(id);
        var draft = await course.GetDraftAsync() ?? throw DomainException.Conflict(ErrorCodes.NoDraft, "This course has no draft any more; create a new version to edit it.");
        // The grain checks the revision again in the same turn as the write: a save in between is refused, not overwritten.
        return await course.SaveDraftAsync(edit(draft.Content), actor, revision);
    }

    public Task<ContentVersion<CourseContent>> CreateDraftAsync(string id, int? fromVersion, string actor) => Course(id).CreateDraftAsync(fromVersion, actor);

    public Task DiscardDraftAsync(string id, string actor) => Course(id).DiscardDraftAsync(actor);

    public Task<ContentVersion<CourseContent>> PublishAsync(string id, PublishRequest request, string actor) => Course(id).PublishAsync(request, actor);

    public Task<CourseDiff> DiffAsync(string id, int from, int to) => Course(id).DiffAsync(from, to);

    /// <summary>Retires the course with a reason (the grain's rules: no package offers it, nothing scheduled).</summary>
    public Task<ContentVersion<CourseContent>> ArchiveAsync(string id, string? reason, string actor) => Course(id).ArchiveAsync(reason ?? "", actor);

    /// <summary>Cancels the publish waiting for its effective date.</summary>
    public Task<ContentVersion<CourseContent>> CancelScheduledAsync(string id, string? reason, string actor) => Course(id).CancelScheduledAsync(reason, actor);

    /// <summary>Learners who started and completed each version, by version number.</summary>
    public async Task<IReadOnlyDictionary<int, CourseVersionLearners>> LearnersAsync(string id) =>
        (await grains.Reference<IAuditGrain>(GrainKeys.Audit).GetCourseLearnersAsync(id)).ToDictionary(l => l.Version);

    public Task<ImmutableArray<CourseExport>> ListExportsAsync(string id) => Course(id).ListExportsAsync();

    /// <summary>Starts the export of a version, or answers the one under way (or finished) for it.</summary>
    public Task<CourseExport> StartExportAsync(string id, int version, string actor) => Course(id).StartExportAsync(version, actor);

    /// <summary>One export of this course; 404 for an export of another course too.</summary>
    public async Task<CourseExport> GetExportAsync(string id, string exportId)
    {
        var export = Ids.IsValid(exportId) ? await grains.Reference<ICourseExportGrain>(GrainKeys.Export(exportId)).GetAsync() : null;
        return export is not null && export.CourseId == id ? export : throw DomainException.NotFound("Export", exportId);
    }

    /// <summary>Reads an export ZIP and makes it the course's draft, or creates the course from it.</summary>
    public async Task<ContentVersion<CourseContent>> ImportAsync(string id, Stream zip, string actor)
    {
        var imported = CourseArchive.Read(zip);
        return await Course(id).ImportAsync(imported.Content, actor);
    }

    private ICourseGrain Course(string id) => grains.Reference<ICourseGrain>(GrainKeys.Course(Ids.Existing("Course", id)));
}
