using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Services;

/// <summary>A package as its editor shows it, with the enrollment and completion counts of each version.</summary>
public sealed record PackageEditing(string Id, ContentVersion<PackageContent>? Draft, ContentVersion<PackageContent>? Active,
    ImmutableArray<VersionInfo> History, IReadOnlyDictionary<int, PackageVersionCounts> Counts)
{
    public ContentVersion<PackageContent>? Shown => Draft ?? Active;
}

/// <summary>The author pages' and the package API's way to a package: its drafts, versions, publishing and preview.</summary>
public sealed class PackageService(IGrainFactory grains)
{
    /// <summary>Every package, drafts included, with its versions and their enrollment counts.</summary>
    public async Task<IReadOnlyList<AuthoredItem>> ListAuthoredAsync()
    {
        var packages = await grains.Reference<ICatalogGrain>(GrainKeys.Catalog).ListPackagesAsync(includeUnpublished: true);
        var items = new List<AuthoredItem>();
        foreach (var package in packages)
        {
            var history = await Package(package.Id).GetHistoryAsync();
            var counts = await CountsAsync(package.Id, history);
            items.Add(new AuthoredItem(package.Id, package.Name, [.. history.Select(v => new AuthoredVersion(v, counts[v.Number])).Reverse()]));
        }

        return items;
    }

    /// <summary>The package with its draft, history and counts; 404 when it does not exist.</summary>
    public async Task<PackageEditing> GetAsync(string id)
    {
        var history = await HistoryAsync(id);
        var counts = await CountsAsync(id, history);
        var package = Package(id);
        return new PackageEditing(id, await package.GetDraftAsync(), await package.GetActiveAsync(), history, counts);
    }

    /// <summary>Every version of the package, oldest first; 404 when it does not exist.</summary>
    public async Task<ImmutableArray<VersionInfo>> HistoryAsync(string id)
    {
        var history = await Package(id).GetHistoryAsync();
        return history.IsEmpty ? throw DomainException.NotFound("Package", id) : history;
    }

    /// <summary>How many learners enrolled in and completed each of the versions, by version number.</summary>
    public async Task<IReadOnlyDictionary<int, PackageVersionCounts>> CountsAsync(string id, IEnumerable<VersionInfo> versions)
    {
        var numbers = versions.Select(v => v.Number).ToList();
        var counts = await Task.WhenAll(numbers.Select(n => grains.Reference<IPackageVersionStatsGrain>(GrainKeys.PackageVersionStats(id, n)).GetAsync()));
        return numbers.Select((n, i) => (n, counts[i])).ToDictionary(p => p.n, p => p.Item2);
    }

    /// <summary>The active version, or for an author any version by number.</summary>
    public async Task<ContentVersion<PackageContent>> ReadAsync(string id, int? version, bool asAuthor)
    {
        if (version is not null && !asAuthor)
        {
            throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.Forbidden, "Only authors read versions other than the active one.");
        }

        var package = Package(id);
        return version is { } n ? await package.GetVersionAsync(n) : await package.GetActiveAsync() ?? throw DomainException.NotFound("Package", id);
    }

    public Task<ContentVersion<PackageContent>> GetVersionAsync(string id, int number) => Package(id).GetVersionAsync(number);

    /// <summary>The version a preview shows: the one asked for, else the editor's shown one (draft or active), else the newest.</summary>
    public async Task<ContentVersion<PackageContent>> PreviewedVersionAsync(string id, int? version)
    {
        if (version is { } n)
        {
            return await GetVersionAsync(id, n);
        }

        var package = await GetAsync(id);
        return package.Shown ?? await GetVersionAsync(id, package.History[^1].Number);
    }

    /// <summary>Creates the package as draft version 1 under the id its author chose.</summary>
    public Task<ContentVersion<PackageContent>> CreateAsync(string id, PackageContent content, string actor) =>
        grains.Reference<IPackageGrain>(GrainKeys.Package(Ids.Require(id))).CreateAsync(content, actor);

    /// <summary>Replaces the draft; with a <paramref name="revision"/>, a draft saved by someone else since is refused.</summary>
    public Task<ContentVersion<PackageContent>> SaveDraftAsync(string id, PackageContent content, long? revision, string actor) =>
        Package(id).SaveDraftAsync(content, actor, revision);

    /// <summary>Applies one editor change to the draft, refusing a form older than the draft (see <see cref="CourseService.EditDraftAsync"/>).</summary>
    public async Task<ContentVersion<PackageContent>> EditDraftAsync(string id, long revision, Func<PackageContent, PackageContent> edit, string actor)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var draft = await RequireDraftAsync(id, revision);
        return await Package(id).SaveDraftAsync(edit(draft.Content), actor, revision);
    }

    /// <summary>Copies a group of the library into the draft, refusing a form older than the draft.</summary>
    public async Task<ContentVersion<PackageContent>> InsertGroupAsync(string id, long revision, string groupId, string actor)
    {
        await RequireDraftAsync(id, revision);
        return await Package(id).InsertGroupAsync(groupId, actor);
    }

    public Task<ContentVersion<PackageContent>> CreateDraftAsync(string id, int? fromVersion, string actor) => Package(id).CreateDraftAsync(fromVersion, actor);

    public Task DiscardDraftAsync(string id, string actor) => Package(id).DiscardDraftAsync(actor);

    public Task<ContentVersion<PackageContent>> PublishAsync(string id, PublishRequest request, string actor) => Package(id).PublishAsync(request, actor);

    public Task<PackageDiff> DiffAsync(string id, int from, int to) => Package(id).DiffAsync(from, to);

    /// <summary>Retires the package with a reason: no new enrollments; enrolled learners keep their version.</summary>
    public Task<ContentVersion<PackageContent>> ArchiveAsync(string id, string? reason, string actor) => Package(id).ArchiveAsync(reason ?? "", actor);

    /// <summary>Cancels the publish waiting for its effective date.</summary>
    public Task<ContentVersion<PackageContent>> CancelScheduledAsync(string id, string? reason, string actor) => Package(id).CancelScheduledAsync(reason, actor);

    /// <summary>A version's requirement tree evaluated against made-up completions; no one is enrolled.</summary>
    public Task<Evaluation> PreviewAsync(string id, int? version, ImmutableDictionary<string, DateTimeOffset> completions) =>
        Package(id).PreviewAsync(version, completions);

    private async Task<ContentVersion<PackageContent>> RequireDraftAsync(string id, long revision)
    {
        var draft = await Package(id).GetDraftAsync() ?? throw DomainException.Conflict(ErrorCodes.NoDraft, "This package has no draft any more; create a new version to edit it.");
        return draft.UpdatedAt.UtcTicks == revision ? draft
            : throw DomainException.Conflict(ErrorCodes.DraftChanged, $"{draft.UpdatedBy} saved this draft after you opened it; your change was not applied. Review the draft and make it again.");
    }

    private IPackageGrain Package(string id) => grains.Reference<IPackageGrain>(GrainKeys.Package(Ids.Existing("Package", id)));
}
