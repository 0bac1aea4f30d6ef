namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>Answers audit questions from the learning events; stateless, so any silo answers any request.
/// Key: <c>GrainKeys.Audit</c>.</summary>
[Alias("courseportal.audit")]
public interface IAuditGrain : IGrainWithStringKey
{
    /// <summary>What <paramref name="userId"/> was assigned, on which version, and what was complete, as of <paramref name="asOf"/>,
    /// from what the portal had recorded by <paramref name="knownAsOf"/>.</summary>
    [Alias("transcript-known")]
    Task<Transcript> GetTranscriptAsync(string userId, DateTimeOffset asOf, DateTimeOffset knownAsOf);

    /// <summary>Per version of <paramref name="packageId"/>: enrolled, not started, in progress, completed, overdue, as of <paramref name="asOf"/>.</summary>
    [Alias("package-report")]
    Task<System.Collections.Immutable.ImmutableArray<PackageVersionReport>> GetPackageReportAsync(string packageId, DateTimeOffset asOf);

    /// <summary>The users enrolled in (or moved to) a package version, a page at a time after <paramref name="afterUserId"/>.</summary>
    [Alias("version-learners")]
    Task<System.Collections.Immutable.ImmutableArray<string>> GetVersionLearnersAsync(string packageId, int version, string? afterUserId, int limit);

    /// <summary>One page of the learning-events browser.</summary>
    [Alias("query-events")]
    Task<System.Collections.Immutable.ImmutableArray<LearningEvent>> QueryEventsAsync(EventQuery query);

    /// <summary>Learners who started and completed each version of a course.</summary>
    [Alias("course-learners")]
    Task<System.Collections.Immutable.ImmutableArray<CourseVersionLearners>> GetCourseLearnersAsync(string courseId);
}
