using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Grains.Learning;

/// <summary>Questions answered from the audit trail (SQL over learning_events in production, the in-memory
/// list in local mode). Events arrive through outboxes, so they trail the grains by about a second.</summary>
public interface ILearningEventQueries
{
    /// <summary>Every event of one user up to <paramref name="until"/>, oldest first.</summary>
    Task<IReadOnlyList<LearningEvent>> UserEventsAsync(string userId, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>A package's events up to <paramref name="until"/>, with the course activity of its learners, oldest first.</summary>
    Task<IReadOnlyList<LearningEvent>> PackageEventsAsync(string packageId, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Users who were ever enrolled in (or moved to) a package version, by user id, after
    /// <paramref name="afterUserId"/>: keyset pages for batch jobs.</summary>
    Task<IReadOnlyList<string>> EnrolledUsersAsync(string packageId, int version, string? afterUserId, int limit, CancellationToken cancellationToken = default);

    /// <summary>One page of events passing <paramref name="query"/>'s filters, in (occurred at, event id) order.</summary>
    Task<IReadOnlyList<LearningEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken = default);

    /// <summary>Distinct learners who started and who completed each version of a course.</summary>
    Task<IReadOnlyList<CourseVersionLearners>> CourseLearnersAsync(string courseId, CancellationToken cancellationToken = default);
}
