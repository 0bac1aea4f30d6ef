using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Integration.Tests.Infrastructure;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CoursePortal.Integration.Tests;

/// <summary>Counts the silo's event-page reads per package filter, and holds one read of the held package until released.</summary>
public sealed class EventPageReads : IIncomingGrainCallFilter
{
    public const int HoldAt = 3;

    private readonly ConcurrentDictionary<string, int> _reads = new();

    public string? HeldPackage { get; set; }

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Of(string packageId) => _reads.GetValueOrDefault(packageId);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InterfaceMethod?.Name == nameof(IAuditGrain.QueryEventsAsync) && context.Request.GetArgument(0) is EventQuery { PackageId: { } package }
            && _reads.AddOrUpdate(package, 1, (_, n) => n + 1) == HoldAt && package == HeldPackage)
        {
            await Release.Task;
        }

        await context.Invoke();
    }
}

/// <summary>A PostgreSQL database with events written by SQL, a real silo and the web as its Orleans client, reading
/// exports in pages of 1,000.</summary>
public sealed class ExportCluster : IAsyncLifetime
{
    public const int PageSize = 1_000;
    public const int BigPackageEvents = 12_345;
    public const int HeldPackageEvents = 5_000;

    private readonly PostgresDatabase _database = new();

    public string Run { get; } = $"e{Guid.NewGuid():N}"[..10];

    public string BigPackage => $"{Run}-big";

    public string HeldPackage => $"{Run}-held";

    public EventPageReads Reads { get; } = new();

    public string ConnectionString => _database.ConnectionString;

    public (string ClusterId, string ServiceId) Identity { get; } = ($"cluster-{Guid.NewGuid():N}"[..20], $"service-{Guid.NewGuid():N}"[..20]);

    public RealSilo Silo { get; private set; } = null!;

    public ClientModeWebFactory Web { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        // Events of three packages: the big one spans 13 pages, several events share an instant, and the details hold
        // commas, quotes, line breaks and text outside ASCII.
        await ExecuteAsync("""
            INSERT INTO learning_events (event_id, occurred_at, kind, actor_id, user_id, package_id, package_version, course_id, course_version, lesson_id, details)
            SELECT md5(@run || p.name || i)::uuid, timestamptz '2024-01-01 00:00:00+00' + (i / 3) * interval '1.5 second', 'lesson_completed',
                   CASE WHEN i % 4 = 0 THEN NULL ELSE 'admin' END, 'u' || (i % 97), @run || '-' || p.name, 1 + i % 2, 'c' || (i % 5), 1, 'l' || i,
                   jsonb_build_object('note', 'row ' || i || ', "quoted"' || chr(13) || chr(10) || 'Zoë 東京', 'score', i % 100)
              FROM (VALUES ('big', @big), ('held', @held), ('other', 777)) AS p(name, n), generate_series(1, p.n) AS i
            """, ("run", Run), ("big", BigPackageEvents), ("held", HeldPackageEvents));
        Reads.HeldPackage = HeldPackage;
        Silo = await RealSilo.StartAsync(ConnectionString, Identity.ClusterId, Identity.ServiceId, services => services.AddSingleton<IIncomingGrainCallFilter>(Reads));
        Web = NewWeb(PageSize);
    }

    public ClientModeWebFactory NewWeb(int pageSize) => new(ConnectionString, Identity.ClusterId, Identity.ServiceId,
        new Dictionary<string, string> { ["Exports:PageSize"] = pageSize.ToString(CultureInfo.InvariantCulture) });

    /// <summary>The events of <paramref name="packageId"/> as PostgreSQL holds them, in the export's order, as CSV fields.</summary>
    public async Task<List<string[]>> RowsAsync(string packageId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT event_id, occurred_at, kind, actor_id, user_id, package_id, package_version, course_id, course_version, lesson_id, details::text
              FROM learning_events WHERE package_id = @package ORDER BY occurred_at, event_id
            """, connection);
        command.Parameters.AddWithValue("package", packageId);
        var rows = new List<string[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add([
                reader.GetGuid(0).ToString(), reader.GetFieldValue<DateTime>(1).ToString("O", CultureInfo.InvariantCulture), reader.GetString(2),
                Text(reader, 3), Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9), reader.GetString(10),
            ]);
        }

        return rows;
    }

    public async Task DisposeAsync()
    {
        Reads.Release.TrySetResult();
        await Web.DisposeAsync();
        await Silo.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static string Text(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? "" : Convert.ToString(reader.GetValue(column), CultureInfo.InvariantCulture)!;

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>The events CSV and xAPI exports on PostgreSQL through a real silo: every event of the range exactly once across
/// many pages, fields that survive a CSV parser, refusals before anything streams, and a client that leaves stops the reads.</summary>
public sealed class EventExportTests(ExportCluster cluster) : IClassFixture<ExportCluster>
{
    [Fact]
    public async Task TheCsvHasEveryEventOfThePackageExactlyOnceInOrderAcrossThirteenPages()
    {
        var admin = await cluster.Web.SignedInClientAsync();
        var readsBefore = cluster.Reads.Of(cluster.BigPackage);

        using var response = await admin.GetAsync(Uri($"/v1/events?packageId={cluster.BigPackage}&format=csv"));
        var rows = ParseCsv(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("eventId,occurredAt,kind,actorId,userId,packageId,packageVersion,courseId,courseVersion,lessonId,details", string.Join(',', rows[0]));
        var expected = await cluster.RowsAsync(cluster.BigPackage);
        Assert.Equal(ExportCluster.BigPackageEvents, expected.Count);
        Assert.Equal(expected, rows.Skip(1));
        // jsonb's text: commas and quotes for the CSV to quote, the line break escaped inside the JSON string.
        Assert.Contains(""", \"quoted\"\r\nZoë 東京", "score": """, rows[1][10], StringComparison.Ordinal);
        // Thirteen pages of at most 1,000 and the empty one that ends the reading: no call carried the whole range.
        Assert.Equal(14, cluster.Reads.Of(cluster.BigPackage) - readsBefore);
    }

    [Fact]
    public async Task TheCsvAppliesTheTimeWindowAndKindFilters()
    {
        var admin = await cluster.Web.SignedInClientAsync();
        var all = await cluster.RowsAsync(cluster.BigPackage);
        var (from, to) = (all[2_500][1], all[7_499][1]);

        var window = ParseCsv(await admin.GetStringAsync(Uri($"/v1/events?packageId={cluster.BigPackage}&from={System.Uri.EscapeDataString(from)}&to={System.Uri.EscapeDataString(to)}&format=csv")));
        var otherKind = ParseCsv(await admin.GetStringAsync(Uri($"/v1/events?packageId={cluster.BigPackage}&kind=enrolled&format=csv")));

        Assert.Equal(all.Where(r => string.CompareOrdinal(r[1], from) >= 0 && string.CompareOrdinal(r[1], to) <= 0), window.Skip(1));
        Assert.Single(otherKind);
    }

    [Fact]
    public async Task TheXapiExportIsValidJsonWithTheStatementOfEveryEvent()
    {
        var admin = await cluster.Web.SignedInClientAsync();

        using var response = await admin.GetAsync(Uri($"/v1/events/xapi?packageId={cluster.BigPackage}"));
        using var statements = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((await cluster.RowsAsync(cluster.BigPackage)).Select(r => r[0]), statements.RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.All(statements.RootElement.EnumerateArray(), s => Assert.Equal("http://adlnet.gov/expapi/verbs/completed", s.GetProperty("verb").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task ABadFilterIsRefusedBeforeAnythingStreamsAndALearnerIsForbidden()
    {
        var admin = await cluster.Web.SignedInClientAsync();
        var email = $"{cluster.Run}-learner@example.com";
        (await admin.PostAsJsonAsync(Uri("/v1/users"), new { email, firstName = "Lee", lastName = "Learner", password = "Long-enough-pass-1", roles = new[] { "learner" } })).EnsureSuccessStatusCode();
        var learner = cluster.Web.CreateClient();
        (await learner.PostAsJsonAsync(Uri("/v1/session"), new { email, password = "Long-enough-pass-1" })).EnsureSuccessStatusCode();

        using var badKind = await admin.GetAsync(Uri($"/v1/events?packageId={cluster.BigPackage}&kind=made-up&format=csv"));
        using var badCursor = await admin.GetAsync(Uri($"/v1/events/xapi?packageId={cluster.BigPackage}&after=nope"));
        using var forbiddenCsv = await learner.GetAsync(Uri($"/v1/events?packageId={cluster.BigPackage}&format=csv"));
        using var forbiddenXapi = await learner.GetAsync(Uri($"/v1/events/xapi?packageId={cluster.BigPackage}"));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (badKind.StatusCode, badCursor.StatusCode));
        Assert.Equal(("application/problem+json", "application/problem+json"), (badKind.Content.Headers.ContentType?.MediaType, badCursor.Content.Headers.ContentType?.MediaType));
        Assert.Equal(ErrorCodes.InvalidKind, (await badKind.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (forbiddenCsv.StatusCode, forbiddenXapi.StatusCode));
        Assert.DoesNotContain("eventId", await forbiddenCsv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientThatLeavesStopsTheReadsOfTheExport()
    {
        // Real Kestrel, so that closing the connection is what the web sees; pages of 100, so the range is 50 pages.
        await using var web = cluster.NewWeb(100);
        web.UseKestrel(0);
        web.StartServer();
        // No drain on dispose: SocketsHttpHandler would otherwise read up to 1 MB of the unread body to reuse the connection,
        // which is a client that stays, not one that leaves.
        var admin = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = web.ClientOptions.BaseAddress };
        (await admin.PostAsJsonAsync(Uri("/v1/session"), new { email = ClientModeWebFactory.AdminEmail, password = ClientModeWebFactory.AdminPassword })).EnsureSuccessStatusCode();

        using (var response = await admin.GetAsync(Uri($"/v1/events?packageId={cluster.HeldPackage}&format=csv"), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            Assert.True(await body.ReadAsync(new byte[1024]) > 0);
            // The third read is held in the silo: the client leaves while the web waits for it.
            await Eventually.HoldsAsync(() => Task.FromResult(cluster.Reads.Of(cluster.HeldPackage) >= EventPageReads.HoldAt), TimeSpan.FromSeconds(30), "the third page is asked for");
        }

        admin.Dispose();
        await Task.Delay(TimeSpan.FromSeconds(1));
        cluster.Reads.Release.TrySetResult();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var reads = cluster.Reads.Of(cluster.HeldPackage);
        await Task.Delay(TimeSpan.FromSeconds(1));

        // The held page and at most the one read ahead after it, of 50.
        Assert.InRange(reads, EventPageReads.HoldAt, EventPageReads.HoldAt + 1);
        Assert.Equal(reads, cluster.Reads.Of(cluster.HeldPackage));
    }

    private static List<string[]> ParseCsv(string text)
    {
        using var reader = new StringReader(text);
        using var parser = new CsvParser(reader, CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (parser.Read())
        {
            rows.Add(parser.Record!);
        }

        return rows;
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
