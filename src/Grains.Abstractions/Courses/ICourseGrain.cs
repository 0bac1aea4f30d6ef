using System.Collections.Immutable;
using Orleans.Concurrency;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>All versions of one course: at most one draft and one active published version;
/// published and archived versions never change. Key: <c>GrainKeys.Course(courseId)</c>.</summary>
[Alias("courseportal.course")]
public interface ICourseGrain : IGrainWithStringKey
{
    /// <summary>Creates the course as draft version 1; 409 when the course exists.</summary>
    [Alias("create")]
    Task<ContentVersion<CourseContent>> CreateAsync(CourseContent content, string actor);

    /// <summary>Replaces the draft's content, first opening a draft from the active version when there is none; with
    /// <paramref name="expectedRevision"/>, 409 <c>draft_changed</c> when the draft was saved since that revision.</summary>
    [Alias("save-draft")]
    Task<ContentVersion<CourseContent>> SaveDraftAsync(CourseContent content, string actor, long? expectedRevision = null);

    /// <summary>Creates the course as v1 or, when it exists, makes <paramref name="content"/> its draft (an import).</summary>
    [Alias("import")]
    Task<ContentVersion<CourseContent>> ImportAsync(CourseContent content, string actor);

    /// <summary>Throws the draft away; 409 when there is none.</summary>
    [Alias("discard-draft")]
    Task DiscardDraftAsync(string actor);

    /// <summary>Opens a draft copied from the active version or from <paramref name="fromVersion"/>; 409 when a draft exists.</summary>
    [Alias("create-draft")]
    Task<ContentVersion<CourseContent>> CreateDraftAsync(int? fromVersion, string actor);

    /// <summary>Publishes the draft now, or schedules it for a future effective date.</summary>
    [Alias("publish")]
    Task<ContentVersion<CourseContent>> PublishAsync(PublishRequest request, string actor);

    /// <summary>Retires the course: its active version is archived with <paramref name="reason"/> (required), so no one new
    /// can start it; learners who started it finish their pinned version. 409 <c>course_in_use</c> while the active or
    /// scheduled version of a package names it, <c>publish_scheduled</c> while a publish waits for its date.</summary>
    [Alias("archive-with-reason")]
    Task<ContentVersion<CourseContent>> ArchiveAsync(string reason, string actor);

    /// <summary>Cancels the publish waiting for its effective date: that version is archived without ever being active
    /// (a new draft can be copied from it); 409 <c>nothing_scheduled</c> when none waits.</summary>
    [Alias("cancel-scheduled")]
    Task<ContentVersion<CourseContent>> CancelScheduledAsync(string? reason, string actor);

    /// <summary>The active published version, or null when none is active.</summary>
    [Alias("get-active")]
    [ReadOnly]
    Task<ContentVersion<CourseContent>?> GetActiveAsync();

    /// <summary>While the course is archived, the version that was active last, which learners already committed to it
    /// still take; null while a version is active or none ever was.</summary>
    [Alias("get-retired")]
    [ReadOnly]
    Task<ContentVersion<CourseContent>?> GetRetiredAsync();

    /// <summary>The current draft, or null.</summary>
    [Alias("get-draft")]
    [ReadOnly]
    Task<ContentVersion<CourseContent>?> GetDraftAsync();

    /// <summary>One version by number; 404 when it does not exist. Always interleaves: an export grain reads its version
    /// while the course grain may be waiting on that export (a repeated export request asks it for its status), and an
    /// enrollment activating mid-publish needs its pinned lessons without waiting for the publish.</summary>
    [Alias("get-version")]
    [ReadOnly]
    [AlwaysInterleave]
    Task<ContentVersion<CourseContent>> GetVersionAsync(int number);

    /// <summary>Every version's audit trail, oldest first.</summary>
    [Alias("history")]
    [ReadOnly]
    Task<ImmutableArray<VersionInfo>> GetHistoryAsync();

    /// <summary>What changed between two versions.</summary>
    [Alias("diff")]
    [ReadOnly]
    Task<CourseDiff> DiffAsync(int from, int to);

    /// <summary>Starts a background export of one version to a ZIP, or gives back the version's export that is under way
    /// or completed with its ZIP still kept; 404 when the version does not exist.</summary>
    [Alias("start-export")]
    Task<CourseExport> StartExportAsync(int version, string actor);

    /// <summary>The course's exports, newest first.</summary>
    [Alias("list-exports")]
    [ReadOnly]
    Task<ImmutableArray<CourseExport>> ListExportsAsync();

    /// <summary>The active version's number and prerequisites. Always interleaves, so courses checking
    /// each other's prerequisites while they publish cannot deadlock.</summary>
    [Alias("prerequisite-info")]
    [AlwaysInterleave]
    Task<PrerequisiteInfo> GetPrerequisiteInfoAsync();
}
