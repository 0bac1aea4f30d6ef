using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Learning;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>Answers the first page of a batch job, then fails every later one: a silo that dies mid-job.</summary>
public sealed class StallingEventQueries(ILearningEventQueries real) : ILearningEventQueries
{
    private int _pages;

    public Task<IReadOnlyList<LearningEvent>> UserEventsAsync(string userId, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        real.UserEventsAsync(userId, until, cancellationToken);

    public Task<IReadOnlyList<LearningEvent>> PackageEventsAsync(string packageId, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        real.PackageEventsAsync(packageId, until, cancellationToken);

    public Task<IReadOnlyList<string>> EnrolledUsersAsync(string packageId, int version, string? afterUserId, int limit, CancellationToken cancellationToken = default) =>
        Interlocked.Increment(ref _pages) == 1
            ? real.EnrolledUsersAsync(packageId, version, afterUserId, limit, cancellationToken)
            : throw new Npgsql.NpgsqlException("simulated loss of the silo in the middle of the job");

    public Task<IReadOnlyList<LearningEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken = default) =>
        real.QueryAsync(query, cancellationToken);

    public Task<IReadOnlyList<CourseVersionLearners>> CourseLearnersAsync(string courseId, CancellationToken cancellationToken = default) =>
        real.CourseLearnersAsync(courseId, cancellationToken);
}
