using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Catalog;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Grains.Learning;
using CoursePortal.Grains.Versioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoursePortal.Grains.Courses;

/// <summary>
/// Guards all versions of one course (rules in <see cref="VersionLog{TContent}"/>), checks prerequisites
/// at publish, keeps the catalog's summary current and starts exports.
/// </summary>
public sealed class CourseGrain(
    [PersistentState(StorageNames.CourseState, StorageNames.Grains)] IPersistentState<CourseState> state,
    TimeProvider clock,
    IOptions<PublishingOptions> publishing,
    ILearningEventSink sink,
    ILogger<CourseGrain> logger)
    : VersionedGrain<CourseState, CourseContent>(state, Subject.CourseKind, GrainKeys.CoursePrefix, clock, sink, logger), ICourseGrain
{
    private Subject Course => Subject;

    public Task<ContentVersion<CourseContent>> CreateAsync(CourseContent content, string actor)
    {
        var valid = ValidDraft(content);
        return ChangeAsync(s => s.Versions.Create(Course, valid, actor, Now));
    }

    public Task<ContentVersion<CourseContent>> SaveDraftAsync(CourseContent content, string actor, long? expectedRevision = null)
    {
        var valid = ValidDraft(content);
        return Versions.Exists
            ? ChangeAsync(s => s.Versions.SaveDraft(Course, valid, actor, Now, expectedRevision))
            : throw DomainException.NotFound(Course.Kind, Course.Id);
    }

    public Task<ContentVersion<CourseContent>> ImportAsync(CourseContent content, string actor)
    {
        var valid = ValidDraft(content);
        return ChangeAsync(s => s.Versions.ImportDraft(Course, valid, actor, Now));
    }

    public Task DiscardDraftAsync(string actor) => ChangeAsync(s => s.Versions.DiscardDraft(Course));

    public Task<ContentVersion<CourseContent>> CreateDraftAsync(int? fromVersion, string actor) =>
        ChangeAsync(s => s.Versions.OpenDraft(Course, fromVersion, actor, Now));

    public async Task<ContentVersion<CourseContent>> PublishAsync(PublishRequest request, string actor)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Versions.Draft is { } draft)
        {
            await PrerequisiteCheck.EnsurePublishableAsync(GrainFactory, Course.Id, draft.Content.Prerequisites);
        }

        return await Core.PublishAsync(request, actor, publishing.Value.RequireSecondPerson,
            content => CourseValidation.ThrowIfAny(CourseValidation.ValidateForPublish(Course.Id, content)));
    }

    public async Task<ContentVersion<CourseContent>> ArchiveAsync(string reason, string actor)
    {
        VersionReason.Check(reason, required: true);
        if (Versions.ActiveVersion is not null && Versions.Scheduled is null)
        {
            await PackageUse.EnsureUnusedAsync(GrainFactory, Course.Id);
        }

        return await Core.ArchiveAsync(reason, actor);
    }

    public Task<ContentVersion<CourseContent>> CancelScheduledAsync(string? reason, string actor) => Core.CancelScheduledAsync(reason, actor);

    public Task<ContentVersion<CourseContent>?> GetActiveAsync() => Task.FromResult(Versions.ActiveVersion);

    public Task<ContentVersion<CourseContent>?> GetRetiredAsync() => Task.FromResult(Versions.RetiredVersion);

    public Task<ContentVersion<CourseContent>?> GetDraftAsync() => Task.FromResult(Versions.Draft);

    public Task<ContentVersion<CourseContent>> GetVersionAsync(int number) => Task.FromResult(Versions.Get(Course, number));

    public Task<ImmutableArray<VersionInfo>> GetHistoryAsync() =>
        Task.FromResult<ImmutableArray<VersionInfo>>([.. Versions.Versions.Select(v => Versions.Describe(v, v.Content.Title))]);

    public Task<CourseDiff> DiffAsync(int from, int to) =>
        Task.FromResult(CourseDiff.Between(Versions.Get(Course, from), Versions.Get(Course, to)));

    public Task<PrerequisiteInfo> GetPrerequisiteInfoAsync() =>
        Task.FromResult(new PrerequisiteInfo(Versions.Active, Versions.ActiveVersion?.Content.Prerequisites ?? []));

    public async Task<CourseExport> StartExportAsync(int version, string actor)
    {
        Versions.Get(Course, version);
        // One live export per version: while the latest is under way, or done with its ZIP still kept, a new request
        // gets it back instead of writing the same ZIP again. A failed or expired one is replaced.
        if (Stored.LatestExports.TryGetValue(version, out var latestId)
            && await GrainFactory.GetGrain<ICourseExportGrain>(GrainKeys.Export(latestId)).GetAsync() is
                { Status: ExportStatus.Pending or ExportStatus.Processing or ExportStatus.Completed } live)
        {
            return live;
        }

        var exportId = Guid.NewGuid().ToString("N");
        var export = await GrainFactory.GetGrain<ICourseExportGrain>(GrainKeys.Export(exportId)).StartAsync(Course.Id, version, actor);
        return await ChangeAsync(s =>
        {
            s.Exports.Add(exportId);
            s.LatestExports[version] = exportId;
            return export;
        });
    }

    public async Task<ImmutableArray<CourseExport>> ListExportsAsync()
    {
        var exports = await Task.WhenAll(Stored.Exports.Select(id => GrainFactory.GetGrain<ICourseExportGrain>(GrainKeys.Export(id)).GetAsync()));
        return [.. exports.OrderByDescending(e => e.RequestedAt)];
    }

    protected override Task PushCatalogAsync(VersionLog<CourseContent> versions) => CatalogSync.PushAsync(GrainFactory, Course.Id, versions, Logger);

    private CourseContent ValidDraft(CourseContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        CourseValidation.ThrowIfAny(CourseValidation.ValidateDraft(Course.Id, content));
        return content;
    }
}
