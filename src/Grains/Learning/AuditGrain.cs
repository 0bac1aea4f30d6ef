using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Learning;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Learning;

/// <summary>Audit questions answered by replaying a user's learning events; a stateless worker, so reports
/// never queue behind one activation.</summary>
[StatelessWorker]
public sealed class AuditGrain(ILearningEventQueries events) : Grain, IAuditGrain
{
    public async Task<Transcript> GetTranscriptAsync(string userId, DateTimeOffset asOf, DateTimeOffset knownAsOf) =>
        Transcript.Build(userId, await events.UserEventsAsync(userId, knownAsOf), asOf, knownAsOf);

    public async Task<ImmutableArray<PackageVersionReport>> GetPackageReportAsync(string packageId, DateTimeOffset asOf) =>
        PackageVersionReport.Build(packageId, await events.PackageEventsAsync(packageId, asOf), asOf);

    public async Task<ImmutableArray<string>> GetVersionLearnersAsync(string packageId, int version, string? afterUserId, int limit) =>
        [.. await events.EnrolledUsersAsync(packageId, version, afterUserId, Math.Clamp(limit, 1, 1000))];

    public async Task<ImmutableArray<LearningEvent>> QueryEventsAsync(EventQuery query) => [.. await events.QueryAsync(query)];

    public async Task<ImmutableArray<CourseVersionLearners>> GetCourseLearnersAsync(string courseId) => [.. await events.CourseLearnersAsync(courseId)];
}
