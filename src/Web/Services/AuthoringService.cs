using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Courses.Archive;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Services;

/// <summary>One version's badge in the author lists, e.g. "v2 Active · 23 enrolled" or "v3 Draft · edited today".</summary>
public sealed record VersionBadge(int Number, VersionStatus Status, bool IsActive, bool IsScheduled, string Text);

/// <summary>A course or package with the badges of its versions, newest first.</summary>
public sealed record AuthoredItem(string Id, string Title, IReadOnlyList<VersionBadge> Versions);

/// <summary>A course as its editor shows it: the draft being edited (if any), the active version and the history.</summary>
public sealed record CourseEditing(string Id, ContentVersion<CourseContent>? Draft, ContentVersion<CourseContent>? Active, ImmutableArray<VersionInfo> History)
{
    /// <summary>What the editor shows: the draft, else the active version, else the newest one.</summary>
    public ContentVersion<CourseContent>? Shown => Draft ?? Active;
}

/// <summary>A package as its editor shows it, with the enrollment and completion counts of each version.</summary>
public sealed record PackageEditing(string Id, ContentVersion<PackageContent>? Draft, ContentVersion<PackageContent>? Active,
    ImmutableArray<VersionInfo> History, IReadOnlyDictionary<int, PackageVersionCounts> Counts)
{
    public ContentVersion<PackageContent>? Shown => Draft ?? Active;
}

/// <summary>The author pages' way to the course and package grains.</summary>
public sealed class AuthoringService(IGrainFactory grains, TimeProvider clock)
{
    public async Task<IReadOnlyList<AuthoredItem>> ListCoursesAsync()
    {
        var courses = await grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog).ListCoursesAsync(new CatalogQuery(IncludeUnpublished: true));
        var histories = await Task.WhenAll(courses.Select(c => grains.GetGrain<ICourseGrain>(GrainKeys.Course(c.Id)).GetHistoryAsync()));
        var learners = await Task.WhenAll(courses.Select(c => GetCourseLearnersAsync(c.Id)));
        // A course version nobody started says when it was published rather than "0 enrolled".
        return [.. courses.Select((c, i) => new AuthoredItem(c.Id, c.Title, [.. histories[i].Reverse().Select(v =>
            Badge(v, learners[i].TryGetValue(v.Number, out var l) && l.Started > 0 ? new PackageVersionCounts(l.Started, l.Completed) : null))]))];
    }

    public async Task<IReadOnlyList<AuthoredItem>> ListPackagesAsync()
    {
        var packages = await grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog).ListPackagesAsync(includeUnpublished: true);
        var items = new List<AuthoredItem>();
        foreach (var package in packages)
        {
            var history = await grains.GetGrain<IPackageGrain>(GrainKeys.Package(package.Id)).GetHistoryAsync();
            var counts = await Task.WhenAll(history.Select(v => grains.GetGrain<IPackageVersionStatsGrain>(GrainKeys.PackageVersionStats(package.Id, v.Number)).GetAsync()));
            items.Add(new AuthoredItem(package.Id, package.Name, [.. history.Select((v, i) => Badge(v, counts[i])).Reverse()]));
        }

        return items;
    }

    /// <summary>The course with its draft and history; 404 when it does not exist.</summary>
    public async Task<CourseEditing> GetCourseAsync(string id)
    {
        var course = Course(id);
        var history = await course.GetHistoryAsync();
        if (history.IsEmpty)
        {
            throw DomainException.NotFound("Course", id);
        }

        return new CourseEditing(id, await course.GetDraftAsync(), await course.GetActiveAsync(), history);
    }

    public Task<ContentVersion<CourseContent>> CreateCourseAsync(string id, string title, string actor) =>
        Course(Ids.Require(id)).CreateAsync(new CourseContent(title.Trim()), actor);

    /// <summary>Applies one editor change to the draft and stores it. <paramref name="revision"/> is the draft's
    /// last-saved time as the form saw it: a draft saved by someone else meanwhile is refused, not overwritten.</summary>
    public async Task<ContentVersion<CourseContent>> EditCourseDraftAsync(string id, long revision, Func<CourseContent, CourseContent> edit, string actor)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var course = Course(id);
        var draft = await course.GetDraftAsync() ?? throw DomainException.Conflict("no_draft", "This course has no draft any more; create a new version to edit it.");
        // The grain checks the revision again in the same turn as the write: a save in between is refused, not overwritten.
        return await course.SaveDraftAsync(edit(draft.Content), actor, revision);
    }

    public Task CreateCourseDraftAsync(string id, int? fromVersion, string actor) => Course(id).CreateDraftAsync(fromVersion, actor);

    public Task DiscardCourseDraftAsync(string id, string actor) => Course(id).DiscardDraftAsync(actor);

    public Task<CourseDiff> DiffCourseAsync(string id, int from, int to) => Course(id).DiffAsync(from, to);

    public Task<ContentVersion<CourseContent>> GetCourseVersionAsync(string id, int number) => Course(id).GetVersionAsync(number);

    public Task<ContentVersion<CourseContent>> PublishCourseAsync(string id, PublishRequest request, string actor) => Course(id).PublishAsync(request, actor);

    /// <summary>Learners who started and completed each version, by version number.</summary>
    public async Task<IReadOnlyDictionary<int, CourseVersionLearners>> GetCourseLearnersAsync(string id) =>
        (await grains.GetGrain<IAuditGrain>(GrainKeys.Audit).GetCourseLearnersAsync(id)).ToDictionary(l => l.Version);

    public async Task<ImmutableArray<CourseExport>> ListExportsAsync(string id) => await Course(id).ListExportsAsync();

    public Task<CourseExport> StartExportAsync(string id, int version, string actor) => Course(id).StartExportAsync(version, actor);

    /// <summary>Reads an export ZIP and makes it the course's draft, or creates the course from it.</summary>
    public Task<ContentVersion<CourseContent>> ImportCourseAsync(string id, Stream zip, string actor) =>
        Course(Ids.Require(id)).ImportAsync(CourseArchive.Read(zip).Content, actor);

    /// <summary>The package with its draft, history and counts; 404 when it does not exist.</summary>
    public async Task<PackageEditing> GetPackageAsync(string id)
    {
        var package = Package(id);
        var history = await package.GetHistoryAsync();
        if (history.IsEmpty)
        {
            throw DomainException.NotFound("Package", id);
        }

        var counts = await Task.WhenAll(history.Select(v => grains.GetGrain<IPackageVersionStatsGrain>(GrainKeys.PackageVersionStats(id, v.Number)).GetAsync()));
        return new PackageEditing(id, await package.GetDraftAsync(), await package.GetActiveAsync(), history,
            history.Select((v, i) => (v.Number, counts[i])).ToDictionary(p => p.Number, p => p.Item2));
    }

    public Task<ContentVersion<PackageContent>> CreatePackageAsync(string id, string name, IEnumerable<string> courseIds, string actor) =>
        Package(Ids.Require(id)).CreateAsync(new PackageContent(name.Trim(), null, null, RequirementNode.Set(null, SetMode.All, courseIds.Select(c => RequirementNode.Course(c)))), actor);

    /// <summary>Applies one editor change to the package draft, refusing a form older than the draft (see <see cref="EditCourseDraftAsync"/>).</summary>
    public async Task<ContentVersion<PackageContent>> EditPackageDraftAsync(string id, long revision, Func<PackageContent, PackageContent> edit, string actor)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var draft = await RequirePackageDraftAsync(id, revision);
        return await Package(id).SaveDraftAsync(edit(draft.Content), actor, revision);
    }

    public async Task<ContentVersion<PackageContent>> InsertGroupAsync(string id, long revision, string groupId, string actor)
    {
        await RequirePackageDraftAsync(id, revision);
        return await Package(id).InsertGroupAsync(groupId, actor);
    }

    public Task CreatePackageDraftAsync(string id, int? fromVersion, string actor) => Package(id).CreateDraftAsync(fromVersion, actor);

    public Task DiscardPackageDraftAsync(string id, string actor) => Package(id).DiscardDraftAsync(actor);

    public Task<ContentVersion<PackageContent>> PublishPackageAsync(string id, PublishRequest request, string actor) => Package(id).PublishAsync(request, actor);

    public Task<PackageDiff> DiffPackageAsync(string id, int from, int to) => Package(id).DiffAsync(from, to);

    public Task<ContentVersion<PackageContent>> GetPackageVersionAsync(string id, int number) => Package(id).GetVersionAsync(number);

    public Task<Evaluation> PreviewPackageAsync(string id, int? version, ImmutableDictionary<string, DateTimeOffset> completions) =>
        Package(id).PreviewAsync(version, completions);

    public async Task<ImmutableArray<RequirementGroup>> ListGroupsAsync() => await grains.GetGrain<IRequirementGroupLibraryGrain>(GrainKeys.GroupLibrary).ListAsync();

    public Task<RequirementGroup> SaveGroupAsync(string groupId, RequirementNode set, string actor) =>
        grains.GetGrain<IRequirementGroupLibraryGrain>(GrainKeys.GroupLibrary).SaveAsync(groupId, set, actor);

    /// <summary>Every course's title by id, drafts included, for pickers and labels.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CourseTitlesAsync() =>
        (await grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog).ListCoursesAsync(new CatalogQuery(IncludeUnpublished: true)))
            .ToDictionary(c => c.Id, c => c.Title, StringComparer.Ordinal);

    private async Task<ContentVersion<PackageContent>> RequirePackageDraftAsync(string id, long revision)
    {
        var draft = await Package(id).GetDraftAsync() ?? throw DomainException.Conflict("no_draft", "This package has no draft any more; create a new version to edit it.");
        return draft.UpdatedAt.UtcTicks == revision ? draft
            : throw DomainException.Conflict("draft_changed", $"{draft.UpdatedBy} saved this draft after you opened it; your change was not applied. Review the draft and make it again.");
    }

    private IPackageGrain Package(string id) =>
        Ids.IsValid(id) ? grains.GetGrain<IPackageGrain>(GrainKeys.Package(id)) : throw DomainException.NotFound("Package", id);

    private ICourseGrain Course(string id) =>
        Ids.IsValid(id) ? grains.GetGrain<ICourseGrain>(GrainKeys.Course(id)) : throw DomainException.NotFound("Course", id);

    private VersionBadge Badge(VersionInfo v, PackageVersionCounts? counts)
    {
        var label = v.IsScheduled ? "Scheduled" : v.IsActive ? "Active" : v.Status.ToString();
        var detail = v.Status switch
        {
            VersionStatus.Draft => v.UpdatedAt.Date == clock.GetUtcNow().Date ? "edited today" : $"edited {v.UpdatedAt:yyyy-MM-dd}",
            VersionStatus.Archived when counts is not null => $"{counts.Completed} completed",
            _ when counts is not null => $"{counts.Enrolled} enrolled",
            VersionStatus.Archived => $"archived {v.ArchivedAt:yyyy-MM-dd}",
            _ => v.IsScheduled ? $"from {v.EffectiveDate:yyyy-MM-dd HH:mm}" : $"published {v.PublishedAt:yyyy-MM-dd}",
        };
        return new VersionBadge(v.Number, v.Status, v.IsActive, v.IsScheduled, $"v{v.Number} {label} · {detail}");
    }
}
