using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Web.Services;

/// <summary>Completions of a package on one day, for the report's chart.</summary>
public sealed record DailyCompletions(DateOnly Day, int Count);

/// <summary>A row of the enrollments file: the learner's placement and who they are (null when the directory has no entry).</summary>
public sealed record PackageEnrollmentRow(PackageLearner Learner, UserProfile? Profile);

/// <summary>What the audit trail answers: package reports, a package's enrollments, the learning events, transcripts.</summary>
public sealed class ReportService(IGrainFactory grains, UserService users, TimeProvider clock, ExportSettings exports)
{
    /// <summary>Every package, drafts included, to choose one from.</summary>
    public async Task<IReadOnlyList<PackageSummary>> ListPackagesAsync() =>
        await grains.Reference<ICatalogGrain>(GrainKeys.Catalog).ListPackagesAsync(includeUnpublished: true);

    /// <summary>Every course, drafts included, to choose one from.</summary>
    public async Task<IReadOnlyList<CourseSummary>> ListCoursesAsync() =>
        await grains.Reference<ICatalogGrain>(GrainKeys.Catalog).ListCoursesAsync(new CatalogQuery(IncludeUnpublished: true));

    /// <summary>The package's figures per version, as of now.</summary>
    public Task<ImmutableArray<PackageVersionReport>> PackageReportAsync(string packageId) =>
        Audit.GetPackageReportAsync(packageId, clock.GetUtcNow());

    /// <summary>The package report as CSV, one line per version.</summary>
    public async Task<string> PackageReportCsvAsync(string packageId) => PackageVersionReport.ToCsv(await PackageReportAsync(packageId));

    /// <summary>Package completions per day over the last <paramref name="days"/> days, oldest first, zero days included.</summary>
    public async Task<IReadOnlyList<DailyCompletions>> CompletionsPerDayAsync(string packageId, int days = 30)
    {
        var (from, to) = LastDays(days);
        return Daily(from, days, await Audit.GetPackageCompletionsPerDayAsync(packageId, from, to));
    }

    /// <summary>The course's figures per version, as of now.</summary>
    public Task<ImmutableArray<CourseVersionReport>> CourseReportAsync(string courseId) =>
        Audit.GetCourseReportAsync(Ids.Existing("Course", courseId), clock.GetUtcNow());

    /// <summary>First completions of the course per day over the last <paramref name="days"/> days, oldest first, zero days included.</summary>
    public async Task<IReadOnlyList<DailyCompletions>> CourseCompletionsPerDayAsync(string courseId, int days = 30)
    {
        var (from, to) = LastDays(days);
        return Daily(from, days, await Audit.GetCourseCompletionsPerDayAsync(Ids.Existing("Course", courseId), from, to));
    }

    /// <summary>A page of the package's enrollments as they stand now, on one version or any, optionally with one status
    /// ("notStarted", "inProgress", "completed"; another matches nobody), by user id after <paramref name="afterUserId"/>.
    /// From the report's read model: no learner's grain is activated for it. 404 for an unknown package.</summary>
    public async Task<IReadOnlyList<PackageLearner>> PackageEnrollmentsAsync(string packageId, int? version, string? status, string? afterUserId, int limit)
    {
        await grains.Reference<IPackageGrain>(GrainKeys.Package(Ids.Existing("Package", packageId))).GetHistoryAsync();
        EnrollmentStatus? wanted = null;
        if (status is not null)
        {
            if (!EnrollmentStatusWords.TryParse(status, out var parsed))
            {
                return [];
            }

            wanted = parsed;
        }

        return await Audit.GetPackageLearnersAsync(new PackageLearnerQuery(packageId, clock.GetUtcNow(), version, wanted, afterUserId, limit));
    }

    /// <summary>The enrollments, now, of the learners whose e-mail or name contains <paramref name="text"/> (at most
    /// <see cref="UserService.MaxUsersShown"/> matches), on one version or any, optionally with one status; by user id.</summary>
    public async Task<IReadOnlyList<PackageLearner>> SearchPackageEnrollmentsAsync(string packageId, string text, int? version, EnrollmentStatus? status)
    {
        await grains.Reference<IPackageGrain>(GrainKeys.Package(Ids.Existing("Package", packageId))).GetHistoryAsync();
        var matches = await users.SearchAsync(text);
        if (matches.Count == 0)
        {
            return [];
        }

        var learners = await Audit.GetPackageLearnersOfAsync(packageId, clock.GetUtcNow(), [.. matches.Select(u => u.UserId)]);
        return [.. learners.Where(l => (version is null || l.Version == version) && (status is null || l.Status == status))];
    }

    /// <summary>Every enrollment of the package as it stands now (one version or any, optionally one status), in pages of
    /// <c>Exports:PageSize</c> by user id, for a download. From the read model: no learner's grain is activated.</summary>
    public async IAsyncEnumerable<IReadOnlyList<PackageEnrollmentRow>> PackageEnrollmentPagesAsync(
        string packageId, int? version, string? status, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(exports.PageSize, 1, PackageLearnerQuery.MaxLimit);
        var pages = KeysetPages.ReadAsync<PackageLearner>(
            async (last, _) => await PackageEnrollmentsAsync(packageId, version, status, last?.UserId, limit),
            cancellationToken);
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            // Names and addresses from the user directory, a call per shard for the page: a file for people to read.
            var profiles = await users.DirectoryProfilesAsync(page.Select(l => l.UserId));
            yield return [.. page.Select(l => new PackageEnrollmentRow(l, profiles.GetValueOrDefault(l.UserId)))];
        }
    }

    /// <summary>How far each of the given learners is through their enrollment in the package (percent of what it
    /// requires), from their enrollments themselves: for the rows of one page, never a whole list.</summary>
    public async Task<IReadOnlyDictionary<string, int>> ProgressAsync(string packageId, IEnumerable<string> userIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var views = await Task.WhenAll(userIds.Select(async userId =>
        {
            try
            {
                return await grains.Reference<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(userId, packageId)).GetAsync();
            }
            catch (DomainException)
            {
                // An enrollment that cannot be read shows no progress; its row still shows the read model's standing.
                return null;
            }
        }));
        return views.OfType<PackageEnrollmentView>().ToDictionary(v => v.UserId, v => v.Percent, StringComparer.Ordinal);
    }

    /// <summary>One page of learning events.</summary>
    public Task<ImmutableArray<LearningEvent>> EventsAsync(EventQuery query) => Audit.QueryEventsAsync(query);

    /// <summary>Every learning event passing <paramref name="filters"/>' filters after its position, in pages of
    /// <c>Exports:PageSize</c>, for an export. Without an end the range ends now, so an export is of the events up to the
    /// instant it began however long it takes.</summary>
    public IAsyncEnumerable<IReadOnlyList<LearningEvent>> EventPagesAsync(EventQuery filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var range = filters with { To = filters.To ?? clock.GetUtcNow(), Limit = exports.PageSize };
        return KeysetPages.ReadAsync<LearningEvent>(
            async (last, _) => await Audit.QueryEventsAsync(last is null ? range : range with { AfterOccurredAt = last.OccurredAt, AfterEventId = last.EventId }),
            cancellationToken);
    }

    /// <summary>What the user was assigned and had completed as of <paramref name="asOf"/>, counting only what the portal
    /// had recorded by <paramref name="knownAsOf"/> (both now when not given); 404 for an unknown user.</summary>
    public async Task<Transcript> TranscriptAsync(string userId, DateTimeOffset? asOf, DateTimeOffset? knownAsOf)
    {
        await users.ProfileAsync(userId);
        var now = clock.GetUtcNow();
        return await Audit.GetTranscriptAsync(userId, asOf ?? now, knownAsOf ?? now);
    }

    private (DateOnly From, DateOnly To) LastDays(int days)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return (today.AddDays(1 - days), today);
    }

    private static List<DailyCompletions> Daily(DateOnly from, int days, ImmutableArray<DailyCount> counts)
    {
        var byDay = counts.ToDictionary(c => c.Day, c => c.Count);
        return [.. Enumerable.Range(0, days).Select(i => from.AddDays(i)).Select(d => new DailyCompletions(d, byDay.GetValueOrDefault(d)))];
    }

    private IAuditGrain Audit => grains.Reference<IAuditGrain>(GrainKeys.Audit);
}
