using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Versioning;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>All versions of one package (curriculum) and their requirement trees: only a draft changes,
/// only the active version takes enrollments, publishes are serialized here. Key: <c>GrainKeys.Package(id)</c>.</summary>
[Alias("courseportal.package")]
public interface IPackageGrain : IGrainWithStringKey
{
    /// <summary>Creates the package as draft version 1; 409 when it exists.</summary>
    [Alias("create")]
    Task<ContentVersion<PackageContent>> CreateAsync(PackageContent content, string actor);

    /// <summary>Replaces the draft's content; 409 when there is no draft (open one with <see cref="CreateDraftAsync"/>), or,
    /// with <paramref name="expectedRevision"/>, <c>draft_changed</c> when the draft was saved since that revision.</summary>
    [Alias("save-draft")]
    Task<ContentVersion<PackageContent>> SaveDraftAsync(PackageContent content, string actor, long? expectedRevision = null);

    /// <summary>Deletes the draft; 409 when there is none.</summary>
    [Alias("discard-draft")]
    Task DiscardDraftAsync(string actor);

    /// <summary>"Create new version": a draft copied from the active version or from <paramref name="fromVersion"/>; 409 when a draft exists.</summary>
    [Alias("create-draft")]
    Task<ContentVersion<PackageContent>> CreateDraftAsync(int? fromVersion, string actor);

    /// <summary>Copies a group of the reusable library into the draft's root, so later library edits never reach it.</summary>
    [Alias("insert-group")]
    Task<ContentVersion<PackageContent>> InsertGroupAsync(string groupId, string actor);

    /// <summary>Publishes the draft now or at a future effective date; every course in it must have an active version.</summary>
    [Alias("publish")]
    Task<ContentVersion<PackageContent>> PublishAsync(PublishRequest request, string actor);

    /// <summary>Retires the package: its active version is archived with <paramref name="reason"/> (required), so no one
    /// new can enroll; enrollments keep their version. 409 <c>publish_scheduled</c> while a publish waits for its date.</summary>
    [Alias("archive-with-reason")]
    Task<ContentVersion<PackageContent>> ArchiveAsync(string reason, string actor);

    /// <summary>Cancels the publish waiting for its effective date: that version is archived without ever being active;
    /// 409 <c>nothing_scheduled</c> when none waits.</summary>
    [Alias("cancel-scheduled")]
    Task<ContentVersion<PackageContent>> CancelScheduledAsync(string? reason, string actor);

    /// <summary>The active published version, or null.</summary>
    [Alias("get-active")]
    [ReadOnly]
    Task<ContentVersion<PackageContent>?> GetActiveAsync();

    /// <summary>The draft, or null.</summary>
    [Alias("get-draft")]
    [ReadOnly]
    Task<ContentVersion<PackageContent>?> GetDraftAsync();

    /// <summary>One version by number (archived ones stay viewable); 404 when it does not exist.</summary>
    [Alias("get-version")]
    [ReadOnly]
    Task<ContentVersion<PackageContent>> GetVersionAsync(int number);

    /// <summary>The version a new enrollment at <paramref name="at"/> pins: the active one, inside its
    /// enrollment window; 404 for a package that does not exist, 409 otherwise.</summary>
    [Alias("get-enrollable")]
    [ReadOnly]
    Task<ContentVersion<PackageContent>> GetEnrollableVersionAsync(DateTimeOffset at);

    /// <summary>Every version's audit trail, oldest first.</summary>
    [Alias("history")]
    [ReadOnly]
    Task<ImmutableArray<VersionInfo>> GetHistoryAsync();

    /// <summary>What changed between two versions.</summary>
    [Alias("diff")]
    [ReadOnly]
    Task<PackageDiff> DiffAsync(int from, int to);

    /// <summary>How a learner with <paramref name="completions"/> would stand against a version (the draft, else
    /// the active one, when <paramref name="version"/> is null), without enrolling anyone.</summary>
    [Alias("preview")]
    [ReadOnly]
    Task<Evaluation> PreviewAsync(int? version, ImmutableDictionary<string, DateTimeOffset> completions);
}
