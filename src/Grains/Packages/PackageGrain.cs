using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Grains.Learning;
using CoursePortal.Grains.Versioning;
using CoursePortal.Grains.Catalog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoursePortal.Grains.Packages;

/// <summary>
/// Guards all versions of one package (rules in <see cref="VersionLog{TContent}"/>). Publishing touches
/// only this grain, the courses it names and the catalog: never an enrollment, so it costs the same
/// with no learners or a hundred thousand.
/// </summary>
public sealed class PackageGrain(
    [PersistentState(StorageNames.PackageState, StorageNames.Grains)] IPersistentState<PackageState> state,
    TimeProvider clock,
    IOptions<PublishingOptions> publishing,
    ILearningEventSink sink,
    ILogger<PackageGrain> logger)
    : VersionedGrain<PackageState, PackageContent>(state, Subject.PackageKind, GrainKeys.PackagePrefix, clock, sink, logger), IPackageGrain
{
    private Subject Package => Subject;

    public Task<ContentVersion<PackageContent>> CreateAsync(PackageContent content, string actor)
    {
        Validate(content);
        return ChangeVersionsAsync(v => v.Create(Package, content, actor, Now));
    }

    public Task<ContentVersion<PackageContent>> SaveDraftAsync(PackageContent content, string actor, long? expectedRevision = null)
    {
        Validate(content);
        RequireDraft();
        return ChangeVersionsAsync(v => v.SaveDraft(Package, content, actor, Now, expectedRevision));
    }

    public Task DiscardDraftAsync(string actor) => ChangeVersionsAsync(v => v.DiscardDraft(Package));

    public Task<ContentVersion<PackageContent>> CreateDraftAsync(int? fromVersion, string actor) =>
        ChangeVersionsAsync(v => v.OpenDraft(Package, fromVersion, actor, Now));

    public async Task<ContentVersion<PackageContent>> InsertGroupAsync(string groupId, string actor)
    {
        var draft = RequireDraft();
        var group = await GrainFactory.GetGrain<IRequirementGroupLibraryGrain>(GrainKeys.GroupLibrary).GetAsync(groupId);
        var root = draft.Content.Requirement;
        var content = draft.Content with { Requirement = root with { Items = root.Children.Add(group.Set) } };
        Validate(content);
        return await ChangeVersionsAsync(v => v.SaveDraft(Package, content, actor, Now));
    }

    public async Task<ContentVersion<PackageContent>> PublishAsync(PublishRequest request, string actor)
    {
        ArgumentNullException.ThrowIfNull(request);
        var draft = RequireDraft();
        await EnsureCoursesPublishedAsync(draft.Content.Requirement);
        return await Core.PublishAsync(request, actor, publishing.Value.RequireSecondPerson, Validate);
    }

    public Task<ContentVersion<PackageContent>> ArchiveAsync(string reason, string actor) => Core.ArchiveAsync(reason, actor);

    public Task<ContentVersion<PackageContent>> CancelScheduledAsync(string? reason, string actor) => Core.CancelScheduledAsync(reason, actor);

    public Task<ContentVersion<PackageContent>?> GetActiveAsync() => Task.FromResult(Versions.ActiveVersion);

    public Task<ContentVersion<PackageContent>?> GetDraftAsync() => Task.FromResult(Versions.Draft);

    public Task<ContentVersion<PackageContent>> GetVersionAsync(int number) => Task.FromResult(Versions.Get(Package, number));

    public Task<ContentVersion<PackageContent>> GetEnrollableVersionAsync(DateTimeOffset at)
    {
        if (!Versions.Exists)
        {
            throw DomainException.NotFound(Package.Kind, Package.Id);
        }

        var active = Versions.ActiveVersion
            ?? throw DomainException.Conflict(ErrorCodes.NoActiveVersion, $"{Package} has no active version to enroll in.");
        if (active.Content.AvailableFrom is { } from && at < from || active.Content.AvailableUntil is { } until && at >= until)
        {
            throw DomainException.Conflict(ErrorCodes.EnrollmentClosed, $"{Package} is open for enrollment from {active.Content.AvailableFrom:u} until {active.Content.AvailableUntil:u}.");
        }

        return Task.FromResult(active);
    }

    public Task<ImmutableArray<VersionInfo>> GetHistoryAsync() =>
        Task.FromResult<ImmutableArray<VersionInfo>>([.. Versions.Versions.Select(v => Versions.Describe(v, v.Content.Name))]);

    public Task<PackageDiff> DiffAsync(int from, int to) =>
        Task.FromResult(PackageDiff.Between(Versions.Get(Package, from), Versions.Get(Package, to)));

    public Task<Evaluation> PreviewAsync(int? version, ImmutableDictionary<string, DateTimeOffset> completions)
    {
        var shown = version is { } n ? Versions.Get(Package, n)
            : Versions.Draft ?? Versions.ActiveVersion ?? throw DomainException.NotFound(Package.Kind, Package.Id);
        var learner = new LearnerRecord(completions ?? ImmutableDictionary<string, DateTimeOffset>.Empty, Now);
        return Task.FromResult(RequirementEvaluator.Evaluate(shown.Content.Requirement, learner));
    }

    protected override Task PushCatalogAsync(VersionLog<PackageContent> versions) => CatalogSync.PushAsync(GrainFactory, Package.Id, versions, Logger);

    private async Task EnsureCoursesPublishedAsync(RequirementNode root)
    {
        var courses = root.CourseIds().Distinct().ToList();
        var infos = await Task.WhenAll(courses.Select(id => GrainFactory.GetGrain<ICourseGrain>(GrainKeys.Course(id)).GetPrerequisiteInfoAsync()));
        var missing = courses.Where((_, i) => infos[i].ActiveVersion is null).ToList();
        if (missing.Count > 0)
        {
            throw new DomainException([.. missing.Select(id => new FieldError(ErrorCodes.CourseNotPublished, "requirement",
                $"Course '{id}' does not exist or has no active published version."))]);
        }
    }

    private ContentVersion<PackageContent> RequireDraft() =>
        Versions.Exists
            ? Versions.Draft ?? throw DomainException.Conflict(ErrorCodes.NoDraft, $"{Package} has no draft; create a new version first.")
            : throw DomainException.NotFound(Package.Kind, Package.Id);

    private void Validate(PackageContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var errors = PackageContent.Validate(Package.Id, content);
        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }
    }

    private Task<T> ChangeVersionsAsync<T>(Func<VersionLog<PackageContent>, T> change) => ChangeAsync(s => change(s.Versions));
}
