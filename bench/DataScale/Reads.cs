using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace CoursePortal.DataScale;

/// <summary>One admin or author read path: how to ask for its i-th request. A paged path follows the "next" cursor
/// of each answer, after walking <c>--deep-pages</c> pages into the history unmeasured. An optional path (an endpoint
/// another change adds) counts as absent when the portal answers 404 or another content type.</summary>
public sealed record ReadPath(string Name, Func<Manifest, string> Path, bool Paged = false, string? ContentType = null, bool Optional = false, double TargetMs = 500, bool AsLearner = false);

/// <summary>
/// The <c>reads</c> command: every admin and author read path over HTTP as an admin, one request at a time, on a
/// running portal over a generated database: p50/p95 per path, and the rows PostgreSQL read for it, from
/// pg_stat_user_tables before and after the path (sequential rows read plus rows fetched by index over learning_events,
/// its partitions and the read-model tables; the grain storage apart). Statistics reach pg_stat a while after a
/// connection goes idle, so each reading waits <c>--settle</c> seconds (PostgreSQL flushes an idle backend's counts
/// within ten).
/// </summary>
public sealed class Reads(Options options, NpgsqlDataSource database)
{
    /// <summary>Every read path measured; adding one is one line (or <c>--extra "name=/path;…"</c> on the command line).</summary>
    public static readonly ReadPath[] Paths =
    [
        new("package report, last cycle (API)", m => $"/v1/reports/packages/{m.LastCyclePackage}"),
        new("package report page, last cycle", m => $"/Admin/Reports?packageId={m.LastCyclePackage}"),
        new("package report, oldest cycle (API)", m => $"/v1/reports/packages/{m.OldestPackage}"),
        new("report CSV, last cycle", m => $"/v1/reports/packages/{m.LastCyclePackage}?format=csv", ContentType: "text/csv"),
        new("course versions with learner counts", m => $"/v1/courses/{m.Course}/versions"),
        new("authoring overview (badges)", _ => "/Author"),
        new("enrollments, current package", m => $"/v1/packages/{m.CurrentPackage}/enrollments"),
        new("enrollments, current package, v1 not started", m => $"/v1/packages/{m.CurrentPackage}/enrollments?version=1&status=notStarted"),
        new("enrollments, last cycle, completed", m => $"/v1/packages/{m.LastCyclePackage}/enrollments?status=completed"),
        new("events browser, deep pages", _ => "/v1/events?limit=100", Paged: true),
        new("events of a package, deep pages", m => $"/v1/events?packageId={m.LastCyclePackage}&limit=100", Paged: true),
        new("events of a course, deep pages", m => $"/v1/events?courseId={m.Course}&limit=100", Paged: true),
        new("events page (HTML), one kind", _ => "/Admin/Events?kind=package_completed"),
        new("transcript as of five years back", m => $"/v1/users/{m.Learner}/transcript?asOf={Uri.EscapeDataString(m.Until.AddYears(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))}", TargetMs: 50),
        new("transcript today", m => $"/v1/users/{m.Learner}/transcript", TargetMs: 50),
        new("xAPI page, deep pages", _ => "/v1/events?format=xapi&limit=500", Paged: true),
        new("audit page: a learner's transcript five years back", m => $"/Admin/Audit?email={Uri.EscapeDataString(m.SampleLearners[0])}&asOf={m.Until.AddYears(-5):yyyy-MM-dd}"),
        new("users page, search", _ => "/Admin/Users?q=northwind"),
        new("package history page (authoring)", m => $"/Author/Packages/{m.LastCyclePackage}/History"),
        new("My learning (a generated learner)", _ => "/Learn/MyLearning", AsLearner: true),
        new("transcript page (a generated learner)", _ => "/Learn/Transcript", AsLearner: true),
        new("course report (API)", m => $"/v1/reports/courses/{m.Course}"),
        new("enrollments, last cycle, a page of 100", m => $"/v1/packages/{m.LastCyclePackage}/enrollments?limit=100"),
        new("events CSV export, last cycle's package events", m => $"/v1/events?packageId={m.LastCyclePackage}&format=csv", ContentType: "text/csv"),
        new("xAPI export, last cycle's package events", m => $"/v1/events/xapi?packageId={m.LastCyclePackage}"),
        new("events CSV export, a learner's ten years", m => $"/v1/events?userId={m.Learner}&format=csv", ContentType: "text/csv"),
    ];

    private static readonly string[] DefaultTables = ["learning\\_events%", "learning\\_report%", "report\\_%", "%\\_report\\_%"];

    public async Task<int> RunAsync()
    {
        var manifest = Manifest.Load(options.Text("manifest", "datascale.json"));
        var requests = options.Count("requests", 20);
        var budget = TimeSpan.FromSeconds(options.Count("budget", 60));
        var settle = TimeSpan.FromSeconds(options.Count("settle", 11));
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(options.Text("url", "http://127.0.0.1:5080")), Timeout = TimeSpan.FromMinutes(5) };
        var admin = await SignInAsync(http, options.Text("admin-email", manifest.AdminEmail), options.Text("admin-password", manifest.AdminPassword));
        var learner = await SignInAsync(http, manifest.SampleLearners[0], manifest.SamplePassword);
        var paths = Paths.Concat(Extra(options.TextOrNull("extra"))).ToList();

        // One unmeasured request per path first: grains activated, plans cached, the paged paths walked deep.
        var cursors = new Dictionary<string, string?>();
        foreach (var path in paths)
        {
            cursors[path.Name] = await WarmAsync(http, path.AsLearner ? learner : admin, path, manifest);
        }

        await Task.Delay(settle);
        var results = new List<Result>();
        var before = await CountersAsync();
        foreach (var path in paths)
        {
            var result = await MeasureAsync(http, path.AsLearner ? learner : admin, path, manifest, cursors, requests, budget);
            await Task.Delay(settle);
            var after = await CountersAsync();
            result = result with { Rows = after - before };
            results.Add(result);
            before = after;
            Console.Error.WriteLine($"datascale: {result.Path.Name}: {result.Summary()}");
        }

        var markdown = Markdown(results, manifest, requests);
        Console.WriteLine(markdown);
        if (options.TextOrNull("out") is { } file)
        {
            await File.WriteAllTextAsync(file, markdown);
        }

        return 0;
    }

    private static IEnumerable<ReadPath> Extra(string? extra) =>
        (extra ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.Split('=', 2)).Select(p => new ReadPath(p[0], _ => p[1]));

    private static async Task<string> SignInAsync(HttpClient http, string email, string password)
    {
        using var response = await http.PostAsJsonAsync("/v1/session", new { email, password });
        response.EnsureSuccessStatusCode();
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    private async Task<string?> WarmAsync(HttpClient http, string cookie, ReadPath path, Manifest manifest)
    {
        var (_, _, _, next) = await SendAsync(http, cookie, path.Path(manifest));
        if (!path.Paged)
        {
            return null;
        }

        for (var page = 1; page < options.Count("deep-pages", 200) && next is not null; page++)
        {
            (_, _, _, next) = await SendAsync(http, cookie, Page(path.Path(manifest), next));
        }

        return next;
    }

    private static async Task<Result> MeasureAsync(
        HttpClient http, string cookie, ReadPath path, Manifest manifest, Dictionary<string, string?> cursors, int requests, TimeSpan budget)
    {
        var times = new List<double>();
        var errors = 0;
        string? firstError = null;
        long bytes = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < requests && (i == 0 || watch.Elapsed < budget); i++)
        {
            var url = path.Paged && cursors[path.Name] is { } cursor ? Page(path.Path(manifest), cursor) : path.Path(manifest);
            var (status, contentType, took, next) = await SendAsync(http, cookie, url);
            if (path.Optional && i == 0 && (status == HttpStatusCode.NotFound || !Matches(contentType, path.ContentType)))
            {
                return new Result(path, [], 0, $"absent ({(int)status} {contentType})", 0, default);
            }

            times.Add(took.Ms);
            bytes += took.Bytes;
            if ((int)status >= 400 || !Matches(contentType, path.ContentType))
            {
                errors++;
                firstError ??= $"{(int)status} {contentType}";
            }

            cursors[path.Name] = path.Paged ? next : null;
        }

        return new Result(path, [.. times], errors, firstError, times.Count == 0 ? 0 : bytes / times.Count, default);
    }

    private static bool Matches(string? contentType, string? wanted) =>
        wanted is null || (contentType?.StartsWith(wanted, StringComparison.OrdinalIgnoreCase) ?? false);

    private static string Page(string path, string cursor) => $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}after={Uri.EscapeDataString(cursor)}";

    private static async Task<(HttpStatusCode Status, string? ContentType, (double Ms, long Bytes) Took, string? Next)> SendAsync(HttpClient http, string cookie, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            body = await response.Content.ReadAsByteArrayAsync();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // A path slower than the client's timeout is a measurement too: the time it was given, as a failure.
            return (HttpStatusCode.GatewayTimeout, e.GetType().Name, (Stopwatch.GetElapsedTime(started).TotalMilliseconds, 0), null);
        }

        using var answer = response;
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var contentType = answer.Content.Headers.ContentType?.MediaType;
        if (!answer.IsSuccessStatusCode)
        {
            // The problem's title says why (a timeout, a refusal, a missing grain state), shown with the first error.
            var text = Encoding.UTF8.GetString(body);
            contentType = $"{contentType}: {(text.Length > 140 ? text[..140] : text).ReplaceLineEndings(" ").Replace("|", "/", StringComparison.Ordinal)}";
        }

        string? next = null;
        if (answer.IsSuccessStatusCode && contentType == "application/json" && body.Length > 0 && body[0] == '{')
        {
            using var json = JsonDocument.Parse(body);
            next = (json.RootElement.TryGetProperty("next", out var n) || json.RootElement.TryGetProperty("more", out n)) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        }

        return (answer.StatusCode, contentType, (ms, body.LongLength), next);
    }

    private async Task<Counters> CountersAsync()
    {
        var tables = options.TextOrNull("tables")?.Split(',') ?? DefaultTables;
        await using var command = database.CreateCommand("""
            SELECT coalesce(sum(s.seq_tup_read + coalesce(s.idx_tup_fetch, 0)) FILTER (WHERE s.relname LIKE ANY(@tables)), 0)::bigint,
                   coalesce((SELECT sum(i.idx_tup_read) FROM pg_stat_user_indexes i WHERE i.relname LIKE ANY(@tables)), 0)::bigint,
                   coalesce(sum(s.seq_tup_read + coalesce(s.idx_tup_fetch, 0)) FILTER (WHERE s.relname = 'orleansstorage'), 0)::bigint
              FROM pg_stat_user_tables s
            """);
        command.Parameters.AddWithValue("tables", tables);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Counters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static string Markdown(List<Result> results, Manifest manifest, int requests)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"{manifest.Events:N0} events: a company of {manifest.Headcount:N0} over {manifest.Years} years ({manifest.People:N0} people ever), {manifest.Start:yyyy-MM-dd} to {manifest.Until:yyyy-MM-dd}. Each path: one unmeasured request, then up to {requests} one at a time (fewer when a path's requests pass its time budget). Rows read: learning_events (its partitions) and read-model tables, `seq_tup_read + idx_tup_fetch` per request from pg_stat_user_tables; index entries: `idx_tup_read` of their indexes; grain storage: OrleansStorage rows.").AppendLine();
        md.AppendLine("| read path | requests | p50 ms | p95 ms | max ms | target | | rows read / request | index entries / request | grain storage rows / request | bytes / answer | errors |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            md.AppendLine(r.Row());
        }

        return md.ToString();
    }

    private readonly record struct Counters(long Rows, long IndexEntries, long StorageRows)
    {
        public static Counters operator -(Counters a, Counters b) => new(a.Rows - b.Rows, a.IndexEntries - b.IndexEntries, a.StorageRows - b.StorageRows);
    }

    private sealed record Result(ReadPath Path, double[] Times, int Errors, string? FirstError, long AverageBytes, Counters Rows)
    {
        private double Percentile(double p)
        {
            var sorted = Times.Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        }

        public string Summary() => string.Create(CultureInfo.InvariantCulture,
            $"{Times.Length} requests, p50 {Percentile(0.5):0.0} ms, p95 {Percentile(0.95):0.0} ms, rows/request {PerRequest(Rows.Rows):N0}, errors {Errors}{(FirstError is null ? "" : $" ({FirstError})")}");

        private long PerRequest(long total) => Times.Length == 0 ? 0 : total / Times.Length;

        public string Row()
        {
            if (Times.Length == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"| {Path.Name} | 0 | | | | ≤ {Path.TargetMs:0} ms | {FirstError} | | | | | |");
            }

            var met = Errors == 0 && Percentile(0.95) <= Path.TargetMs;
            return string.Create(CultureInfo.InvariantCulture,
                $"| {Path.Name} | {Times.Length} | {Percentile(0.5):0.0} | {Percentile(0.95):0.0} | {Times.Max():0.0} | ≤ {Path.TargetMs:0} ms | {(met ? "met" : "**missed**")} | {PerRequest(Rows.Rows):N0} | {PerRequest(Rows.IndexEntries):N0} | {PerRequest(Rows.StorageRows):N0} | {AverageBytes:N0} | {(Errors == 0 ? "0" : $"{Errors} ({FirstError})")} |");
        }
    }
}
