using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Services;

/// <summary>Completions of a package on one day, for the report's chart.</summary>
public sealed record DailyCompletions(DateOnly Day, int Count);

/// <summary>What the audit trail answers: package reports, a package's enrollments, the learning events, transcripts.</summary>
public sealed class ReportService(IGrainFactory grains, UserService users, TimeProvider clock, ExportSettings exports)
{
    private const int LearnersPerPage = 1000;

    /// <summary>Every package, drafts included, to choose one from.</summary>
    public async Task<IReadOnlyList<PackageSummary>> ListPackagesAsync() =>
        await grains.Reference<ICatalogGrain>(GrainKeys.Catalog).ListPackagesAsync(includeUnpublished: true);

    /// <summary>The package's figures per version, as of now.</summary>
    public Task<ImmutableArray<PackageVersionReport>> PackageReportAsync(string packageId) =>
        Audit.GetPackageReportAsync(packageId, clock.GetUtcNow());

    /// <summary>The package report as CSV, one line per version.</summary>
    public async Task<string> PackageReportCsvAsync(string packageId) => PackageVersionReport.ToCsv(await PackageReportAsync(packageId));

    /// <summary>Package completions per day over the last <paramref name="days"/> days, oldest first, zero days included.</summary>
    public async Task<IReadOnlyList<DailyCompletions>> CompletionsPerDayAsync(string packageId, int days = 30)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = today.AddDays(1 - days);
        var counts = new Dictionary<DateOnly, int>();
        var query = new EventQuery(PackageId: packageId, Kind: LearningEventKinds.PackageCompleted,
            From: new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), Limit: EventQuery.MaxLimit);
        while (true)
        {
            var page = await Audit.QueryEventsAsync(query);
            foreach (var e in page)
            {
                var day = DateOnly.FromDateTime(e.OccurredAt.UtcDateTime);
                counts[day] = counts.GetValueOrDefault(day) + 1;
            }

            if (page.Length < query.Limit)
            {
                break;
            }

            query = query with { AfterOccurredAt = page[^1].OccurredAt, AfterEventId = page[^1].EventId };
        }

        return [.. Enumerable.Range(0, days).Select(i => from.AddDays(i)).Select(d => new DailyCompletions(d, counts.GetValueOrDefault(d)))];
    }

    /// <summary>The package's enrollments, on one version or on any published one, optionally with one status, by user id.</summary>
    public async Task<IReadOnlyList<PackageEnrollmentView>> PackageEnrollmentsAsync(string packageId, int? version, string? status)
    {
        var package = grains.Reference<IPackageGrain>(GrainKeys.Package(Ids.Existing("Package", packageId)));
        var versions = version is { } n ? [n] : (await package.GetHistoryAsync()).Where(h => h.Status != VersionStatus.Draft).Select(h => h.Number).ToList();
        var learners = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in versions)
        {
            learners.UnionWith(await VersionLearnersAsync(packageId, v));
        }

        var views = await Task.WhenAll(learners.Select(u => grains.Reference<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(u, packageId)).GetAsync()));
        return [.. views
            .Where(v => version is null || v.Version == version)
            .Where(v => status is null || string.Equals(v.Status.ToString(), status, StringComparison.OrdinalIgnoreCase))
            .OrderBy(v => v.UserId, StringComparer.Ordinal)];
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

    private async Task<List<string>> VersionLearnersAsync(string packageId, int version)
    {
        var learners = new List<string>();
        string? after = null;
        ImmutableArray<string> page;
        do
        {
            page = await Audit.GetVersionLearnersAsync(packageId, version, after, LearnersPerPage);
            learners.AddRange(page);
            after = page.IsEmpty ? after : page[^1];
        }
        while (page.Length == LearnersPerPage);

        return learners;
    }

    private IAuditGrain Audit => grains.Reference<IAuditGrain>(GrainKeys.Audit);
}
