using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Learning;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Learning;

/// <summary>Audit questions answered by replaying a user's learning events, and report figures from the read models;
/// a stateless worker, so reports never queue behind one activation.</summary>
[StatelessWorker]
public sealed class AuditGrain(ILearningEventQueries events, IReportQueries reports) : Grain, IAuditGrain
{
    public async Task<Transcript> GetTranscriptAsync(string userId, DateTimeOffset asOf, DateTimeOffset knownAsOf) =>
        Transcript.Build(userId, await events.UserEventsAsync(userId, knownAsOf), asOf, knownAsOf);

    public async Task<ImmutableArray<PackageVersionReport>> GetPackageReportAsync(string packageId, DateTimeOffset asOf) =>
        [.. await reports.PackageReportAsync(packageId, asOf)];

    public async Task<ImmutableArray<PackageLearner>> GetPackageLearnersAsync(PackageLearnerQuery query) => [.. await reports.PackageLearnersAsync(query)];

    public async Task<ImmutableArray<PackageLearner>> GetPackageLearnersOfAsync(string packageId, DateTimeOffset asOf, ImmutableArray<string> userIds) =>
        [.. await reports.PackageLearnersOfAsync(packageId, asOf, [.. userIds.Distinct(StringComparer.Ordinal).Take(PackageLearnerQuery.MaxLimit)])];

    public async Task<ImmutableArray<LearnerEnrollment>> GetLearnerEnrollmentsAsync(ImmutableArray<string> userIds, DateTimeOffset asOf) =>
        [.. await reports.LearnerEnrollmentsAsync([.. userIds.Distinct(StringComparer.Ordinal).Take(PackageLearnerQuery.MaxLimit)], asOf)];

    public async Task<ImmutableArray<DailyCount>> GetPackageCompletionsPerDayAsync(string packageId, DateOnly from, DateOnly to) =>
        [.. await reports.PackageCompletionsPerDayAsync(packageId, from, to)];

    public async Task<ImmutableArray<CourseVersionReport>> GetCourseReportAsync(string courseId, DateTimeOffset asOf) =>
        [.. await reports.CourseReportAsync(courseId, asOf)];

    public async Task<ImmutableArray<DailyCount>> GetCourseCompletionsPerDayAsync(string courseId, DateOnly from, DateOnly to) =>
        [.. await reports.CourseCompletionsPerDayAsync(courseId, from, to)];

    public async Task<ImmutableArray<string>> GetVersionLearnersAsync(string packageId, int version, string? afterUserId, int limit) =>
        [.. await events.EnrolledUsersAsync(packageId, version, afterUserId, Math.Clamp(limit, 1, 1000))];

    public async Task<ImmutableArray<LearningEvent>> QueryEventsAsync(EventQuery query) => [.. await events.QueryAsync(query)];

    public async Task<ImmutableArray<CourseVersionLearners>> GetCourseLearnersAsync(string courseId) => [.. await reports.CourseLearnersAsync(courseId)];
}
