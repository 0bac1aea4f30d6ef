using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Grains.Learning;

/// <summary>The report figures: from the read models beside learning_events in production (db/0009, kept in each event's
/// transaction), by replaying the in-memory events in local mode. Both answer as PackageVersionReport.Build and
/// CourseVersionReport.Build would over the same events.</summary>
public interface IReportQueries
{
    /// <summary>Per version of the package, its learners as of <paramref name="asOf"/>.</summary>
    Task<IReadOnlyList<PackageVersionReport>> PackageReportAsync(string packageId, DateTimeOffset asOf, CancellationToken cancellationToken = default);

    /// <summary>One page of the package's learners as they stood at the query's moment, by user id.</summary>
    Task<IReadOnlyList<PackageLearner>> PackageLearnersAsync(PackageLearnerQuery query, CancellationToken cancellationToken = default);

    /// <summary>The given learners' standing in the package at <paramref name="asOf"/>, by user id (those not enrolled then left out).</summary>
    Task<IReadOnlyList<PackageLearner>> PackageLearnersOfAsync(string packageId, DateTimeOffset asOf, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default);

    /// <summary>The given learners' standing in every package they were enrolled in at <paramref name="asOf"/>, by user id
    /// then package id (ordinal): a page of a team in one read.</summary>
    Task<IReadOnlyList<LearnerEnrollment>> LearnerEnrollmentsAsync(IReadOnlyCollection<string> userIds, DateTimeOffset asOf, CancellationToken cancellationToken = default);

    /// <summary>Package completions per day (UTC) from <paramref name="from"/> to <paramref name="to"/>, days without one left out.</summary>
    Task<IReadOnlyList<DailyCount>> PackageCompletionsPerDayAsync(string packageId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>Per version of the course, its learners as of <paramref name="asOf"/>.</summary>
    Task<IReadOnlyList<CourseVersionReport>> CourseReportAsync(string courseId, DateTimeOffset asOf, CancellationToken cancellationToken = default);

    /// <summary>First completions of the course's versions per day (UTC), days without one left out.</summary>
    Task<IReadOnlyList<DailyCount>> CourseCompletionsPerDayAsync(string courseId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>Learners who ever started and who ever completed each version of a course.</summary>
    Task<IReadOnlyList<CourseVersionLearners>> CourseLearnersAsync(string courseId, CancellationToken cancellationToken = default);
}
