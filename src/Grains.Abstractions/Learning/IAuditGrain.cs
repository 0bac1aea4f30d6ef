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

    /// <summary>One page of a package's learners as they stood at the query's moment (version, status, dates), by user id.</summary>
    [Alias("package-learners")]
    Task<System.Collections.Immutable.ImmutableArray<PackageLearner>> GetPackageLearnersAsync(PackageLearnerQuery query);

    /// <summary>The standing in <paramref name="packageId"/> at <paramref name="asOf"/> of the given learners (a search's
    /// matches), by user id; those not enrolled then are left out.</summary>
    [Alias("package-learners-of")]
    Task<System.Collections.Immutable.ImmutableArray<PackageLearner>> GetPackageLearnersOfAsync(
        string packageId, DateTimeOffset asOf, System.Collections.Immutable.ImmutableArray<string> userIds);

    /// <summary>The standing at <paramref name="asOf"/> of the given learners (at most 1,000: a page of a team) in every package
    /// they were enrolled in then, by user id then package id.</summary>
    [Alias("learner-enrollments")]
    Task<System.Collections.Immutable.ImmutableArray<LearnerEnrollment>> GetLearnerEnrollmentsAsync(
        System.Collections.Immutable.ImmutableArray<string> userIds, DateTimeOffset asOf);

    /// <summary>Completions of <paramref name="packageId"/> per day (UTC) from <paramref name="from"/> to <paramref name="to"/>, days without one left out.</summary>
    [Alias("package-completions-per-day")]
    Task<System.Collections.Immutable.ImmutableArray<DailyCount>> GetPackageCompletionsPerDayAsync(string packageId, DateOnly from, DateOnly to);

    /// <summary>Per version of <paramref name="courseId"/>: started, in progress, completed, attempted, passed, as of <paramref name="asOf"/>.</summary>
    [Alias("course-report")]
    Task<System.Collections.Immutable.ImmutableArray<CourseVersionReport>> GetCourseReportAsync(string courseId, DateTimeOffset asOf);

    /// <summary>First completions of <paramref name="courseId"/>'s versions per day (UTC), days without one left out.</summary>
    [Alias("course-completions-per-day")]
    Task<System.Collections.Immutable.ImmutableArray<DailyCount>> GetCourseCompletionsPerDayAsync(string courseId, DateOnly from, DateOnly to);

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
