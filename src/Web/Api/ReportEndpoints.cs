using System.Collections.Immutable;
using System.Text;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CoursePortal.Web.Api;

/// <summary>One version's line of a package report.</summary>
public sealed record PackageVersionReportJson(int Version, int Enrolled, int NotStarted, int InProgress, int Completed, int Overdue, int CompletionRate, int Expiring = 0);

/// <summary>One version's line of a course report: learners who started, are in progress, completed, attempted an
/// assessment and passed one, the pass rate (passed of attempted, in percent), the average whole seconds from a first
/// start to a first completion and the average attempts a passing learner needed (null while there is none).</summary>
public sealed record CourseVersionReportJson(
    int Version, int Started, int InProgress, int Completed, int Attempted, int Passed, int PassRate,
    long? AverageSecondsToComplete = null, double? AttemptsPerPass = null);

/// <summary>A course's report: per version, and first completions per day over the last 30 days.</summary>
public sealed record CourseReportJson(IEnumerable<CourseVersionReportJson> Versions, IEnumerable<DailyCompletions> CompletionsPerDay);

/// <summary>One learner's enrollment in a package, as the admin's list shows it.</summary>
public sealed record PackageEnrollmentJson(
    string UserId, int Version, string Status, DateTimeOffset EnrolledAt, DateTimeOffset? CompletedAt, DateTimeOffset? DueAt, bool Overdue,
    DateTimeOffset? ExpiresAt = null, bool Expiring = false);

/// <summary>A page of learning events; <see cref="Next"/> is the cursor of the following page.</summary>
public sealed record EventPageJson(ImmutableArray<LearningEvent> Events, string? Next);

/// <summary>A page of learning events as xAPI statements; <see cref="More"/> is the cursor of the following page.</summary>
public sealed record XapiPageJson(IEnumerable<XapiStatement> Statements, string? More);

public static class ReportEndpoints
{
    /// <summary>The package reports, package enrollments and learning events.</summary>
    public static RouteGroupBuilder MapReportEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var admin = v1.MapGroup("").RequireAuthorization(Policies.Admin);
        // CSV by Accept header (scripts) or ?format=csv (a download link on the reports page).
        admin.MapGet("/reports/packages/{id}", GetPackageReport).Produces<string>(StatusCodes.Status200OK, "text/csv");
        // Every enrollment without limit; with limit, one page by user id after "after", and a Link rel="next" header when more follow.
        // format=csv (or Accept: text/csv) answers every enrollment passing the filters as one CSV download, streamed.
        admin.MapGet("/packages/{id}/enrollments", ListPackageEnrollments).Produces<string>(StatusCodes.Status200OK, "text/csv");
        admin.MapGet("/reports/courses/{id}", GetCourseReport);
        // Filters are all optional; a page ends with "next", the cursor of the following page. format=xapi answers xAPI statements.
        // format=csv (or Accept: text/csv) answers every event of the filtered range as one CSV download, streamed.
        admin.MapGet("/events", ListEvents).Produces<string>(StatusCodes.Status200OK, "text/csv");
        // Every event of the filtered range as one JSON array of xAPI statements, streamed.
        admin.MapGet("/events/xapi", ExportXapiStatements).Produces<IEnumerable<XapiStatement>>();
        return v1;
    }

    /// <summary>A package's report per version; CSV with format=csv or Accept: text/csv.</summary>
    public static async Task<Results<FileContentHttpResult, ContentHttpResult, Ok<IEnumerable<PackageVersionReportJson>>>> GetPackageReport(
        string id, string? format, HttpRequest request, ReportService reports)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.File(Encoding.UTF8.GetBytes(await reports.PackageReportCsvAsync(id)), "text/csv", $"{id}-report.csv");
        }

        if (request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)))
        {
            return TypedResults.Text(await reports.PackageReportCsvAsync(id), "text/csv");
        }

        var report = await reports.PackageReportAsync(id);
        return TypedResults.Ok(report.Select(r => new PackageVersionReportJson(r.Version, r.Enrolled, r.NotStarted, r.InProgress, r.Completed, r.Overdue, r.CompletionRate, r.Expiring)));
    }

    /// <summary>Every learner's enrollment in the package, filtered by version and status, in pages (limit, after) or as CSV;
    /// with q, the enrollments of the learners whose e-mail or name contains it.</summary>
    public static async Task<Results<Ok<List<PackageEnrollmentJson>>, CsvExport<PackageEnrollmentRow>>> ListPackageEnrollments(
        string id, int? version, string? status, string? after, int? limit, string? format, string? q, HttpRequest request, ReportService reports)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reports);
        // A search by e-mail or name, as on /Admin/Enrollments: one answer of the matching learners (at most
        // UserService.MaxUsersShown), no paging; the export stays the whole filtered list.
        if (!string.IsNullOrWhiteSpace(q) && !string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            EnrollmentStatus? wanted = null;
            if (status is not null)
            {
                // An unknown status matches nobody, as in the list.
                if (!EnrollmentStatusWords.TryParse(status, out var parsed))
                {
                    return TypedResults.Ok(new List<PackageEnrollmentJson>());
                }

                wanted = parsed;
            }

            var found = await reports.SearchPackageEnrollmentsAsync(id, q.Trim(), version, wanted);
            return TypedResults.Ok(found.Select(ToJson).ToList());
        }

        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            || (format is null && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))))
        {
            return EnrollmentExport.Csv(id, reports.PackageEnrollmentPagesAsync(id, version, status, request.HttpContext.RequestAborted));
        }

        var page = Math.Clamp(limit ?? PackageLearnerQuery.MaxLimit, 1, PackageLearnerQuery.MaxLimit);
        var learners = new List<PackageEnrollmentJson>();
        IReadOnlyList<PackageLearner> batch;
        do
        {
            batch = await reports.PackageEnrollmentsAsync(id, version, status, learners.Count > 0 ? learners[^1].UserId : after, page);
            learners.AddRange(batch.Select(ToJson));
        }
        while (limit is null && batch.Count == page);

        if (limit is not null && batch.Count == page)
        {
            var query = request.Query.Where(q => q.Key is not "after").Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString())).ToList();
            query.Add(KeyValuePair.Create("after", (string?)learners[^1].UserId));
            var next = QueryString.Create(query);
            request.HttpContext.Response.Headers.Link = $"<{request.PathBase}{request.Path}{next}>; rel=\"next\"";
        }

        return TypedResults.Ok(learners);
    }

    private static PackageEnrollmentJson ToJson(PackageLearner l) =>
        new(l.UserId, l.Version, EnrollmentStatusWords.Token(l.Status), l.EnrolledAt, l.CompletedAt, l.DueAt, l.Overdue, l.ExpiresAt, l.Expiring);

    /// <summary>A course's report per version, and first completions per day over the last 30 days.</summary>
    public static async Task<Ok<CourseReportJson>> GetCourseReport(string id, ReportService reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var versions = await reports.CourseReportAsync(id);
        return TypedResults.Ok(new CourseReportJson(
            versions.Select(r => new CourseVersionReportJson(r.Version, r.Started, r.InProgress, r.Completed, r.Attempted, r.Passed, r.PassRate,
                r.AverageTimeToComplete is { } t ? (long)t.TotalSeconds : null, r.AttemptsPerPass is { } a ? Math.Round(a, 2) : null)),
            await reports.CourseCompletionsPerDayAsync(id)));
    }

    /// <summary>A page of learning events the filters match (next is the following page's cursor); format=xapi answers them
    /// as xAPI statements, format=csv (or Accept: text/csv) every matching event as one CSV download.</summary>
    public static async Task<Results<Ok<EventPageJson>, Ok<XapiPageJson>, CsvExport<LearningEvent>>> ListEvents(
        string? userId, string? packageId, string? courseId, string? kind, DateTimeOffset? from, DateTimeOffset? to,
        string? after, int? limit, string? format, HttpRequest request, ReportService reports)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = EventPage.Query(userId, packageId, courseId, kind, from, to, after, limit);
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            || (format is null && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))))
        {
            return EventExport.Csv(reports.EventPagesAsync(query, request.HttpContext.RequestAborted));
        }

        var events = await reports.EventsAsync(query);
        var next = events.Length == query.Limit ? EventPage.Cursor(events[^1]) : null;
        if (string.Equals(format, "xapi", StringComparison.OrdinalIgnoreCase))
        {
            var portal = new Uri($"{request.Scheme}://{request.Host}/");
            return TypedResults.Ok(new XapiPageJson(events.Select(e => XapiStatement.From(e, portal)), next));
        }

        return TypedResults.Ok(new EventPageJson(events, next));
    }

    /// <summary>Every learning event the filters match as one JSON array of xAPI statements, streamed.</summary>
    public static JsonArrayExport<LearningEvent> ExportXapiStatements(
        string? userId, string? packageId, string? courseId, string? kind, DateTimeOffset? from, DateTimeOffset? to,
        string? after, HttpRequest request, ReportService reports, IOptions<JsonOptions> json)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(json);
        var query = EventPage.Query(userId, packageId, courseId, kind, from, to, after, null);
        var portal = new Uri($"{request.Scheme}://{request.Host}/");
        return EventExport.Xapi(reports.EventPagesAsync(query, request.HttpContext.RequestAborted), portal, json.Value.SerializerOptions);
    }
}
