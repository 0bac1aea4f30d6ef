using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Learning;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Api;

/// <summary>A local-mode portal that reads exports in pages of 7 events, so a few dozen events span many pages.</summary>
public sealed class SmallExportPagesPortal : IDisposable
{
    public const int PageSize = 7;

    public SmallExportPagesPortal() => Portal = new LocalPortal("Testing", settings: new Dictionary<string, string> { ["Exports:PageSize"] = PageSize.ToString(CultureInfo.InvariantCulture) });

    public LocalPortal Portal { get; }

    /// <summary>Records <paramref name="events"/> as the grains would (local mode's in-memory audit trail).</summary>
    public Task RecordAsync(IReadOnlyList<LearningEvent> events) => Portal.Factory.Services.GetRequiredService<ILearningEventSink>().AppendAsync(events);

    public async Task<HttpClient> ClientAsync(string email)
    {
        var client = Portal.CreateClient();
        await client.SignInThroughApiAsync(email);
        return client;
    }

    public void Dispose() => Portal.Dispose();
}

/// <summary>Events to export and the CSV they should come back as.</summary>
public static class ExportedEvents
{
    /// <summary>The CSV's header line, as the API documents it.</summary>
    public static readonly string[] Columns =
        ["eventId", "occurredAt", "kind", "actorId", "userId", "packageId", "packageVersion", "courseId", "courseVersion", "lessonId", "details"];

    public static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    // Details as awkward as CSV gets: commas, quotes, both line breaks, and text outside ASCII.
    private static readonly string[] AwkwardDetails =
    [
        "{}",
        """{"note":"a, b","quote":"say \"hi\""}""",
        "{\"note\":\"line one\r\nline two\nline three\"}",
        """{"name":"Zoë Ørsted 東京","emoji":"✓ 🎓"}""",
        "\"starts with a quote\"",
    ];

    /// <summary>Events of one run: 60 for one learner over two packages and two courses, some at the same instant.</summary>
    public static List<LearningEvent> Events(string run)
    {
        var kinds = new[] { LearningEventKinds.Enrolled, LearningEventKinds.CourseStarted, LearningEventKinds.LessonCompleted, LearningEventKinds.CourseCompleted };
        return [.. Enumerable.Range(0, 60).Select(i =>
        {
            var kind = kinds[i % kinds.Length];
            var course = kind == LearningEventKinds.Enrolled ? null : $"{run}-c{i % 2}";
            return new LearningEvent(Guid.NewGuid(), Start.AddMinutes(i / 3), kind, i % 5 == 0 ? null : "admin", $"{run}-u",
                kind == LearningEventKinds.Enrolled ? $"{run}-p{i % 3}" : null, kind == LearningEventKinds.Enrolled ? 1 + (i % 2) : null,
                course, course is null ? null : 1, kind == LearningEventKinds.LessonCompleted ? $"l{i}" : null, AwkwardDetails[i % AwkwardDetails.Length]);
        })];
    }

    /// <summary>An event's CSV record as a parser gives it back: nulls are empty fields.</summary>
    public static string[] Row(LearningEvent e) =>
    [
        e.EventId.ToString(), e.OccurredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), e.Kind, e.ActorId ?? "", e.UserId ?? "",
        e.PackageId ?? "", e.PackageVersion?.ToString(CultureInfo.InvariantCulture) ?? "", e.CourseId ?? "",
        e.CourseVersion?.ToString(CultureInfo.InvariantCulture) ?? "", e.LessonId ?? "", e.Details,
    ];

    /// <summary>Every record of <paramref name="text"/>, the header first, as CsvHelper's RFC 4180 parser reads them.</summary>
    public static List<string[]> ParseCsv(string text)
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

    public static IEnumerable<LearningEvent> InExportOrder(IEnumerable<LearningEvent> events) => events.OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId);
}

/// <summary>The events CSV (<c>/v1/events?format=csv</c>) and the xAPI statements export (<c>/v1/events/xapi</c>): every event
/// of the filtered range once, in order, across many pages, with fields that survive a CSV parser.</summary>
public sealed class EventExportApiTests(SmallExportPagesPortal portal) : IClassFixture<SmallExportPagesPortal>
{
    [Fact]
    public async Task TheCsvHasEveryEventOfTheRangeOnceInOrderAcrossManyPagesAndEveryFieldRoundTripsThroughACsvParser()
    {
        var run = $"x{Guid.NewGuid():N}"[..10];
        var events = ExportedEvents.Events(run);
        await portal.RecordAsync(events);
        var admin = await portal.ClientAsync("admin@demo.local");

        using var response = await admin.GetAsync(Uri($"/v1/events?userId={run}-u&format=csv"));
        using var accepted = new HttpRequestMessage(HttpMethod.Get, Uri($"/v1/events?userId={run}-u"));
        accepted.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var byHeader = await admin.SendAsync(accepted);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(text, await byHeader.Content.ReadAsStringAsync());
        var rows = ExportedEvents.ParseCsv(text);
        Assert.Equal(ExportedEvents.Columns, rows[0]);
        // 60 events in pages of 7: nine pages, the last one short, each event once and in keyset order.
        Assert.Equal(ExportedEvents.InExportOrder(events).Select(ExportedEvents.Row), rows.Skip(1));
    }

    [Fact]
    public async Task TheCsvAppliesEveryFilterAndCanResumeAfterACursor()
    {
        var run = $"f{Guid.NewGuid():N}"[..10];
        var events = ExportedEvents.Events(run);
        await portal.RecordAsync(events);
        var admin = await portal.ClientAsync("admin@demo.local");
        var (from, to) = (ExportedEvents.Start.AddMinutes(3), ExportedEvents.Start.AddMinutes(15));
        var window = $"from={System.Uri.EscapeDataString(from.ToString("O"))}&to={System.Uri.EscapeDataString(to.ToString("O"))}";
        var ordered = ExportedEvents.InExportOrder(events).ToList();
        var resumeAfter = ordered[20];

        var byCourse = ExportedEvents.ParseCsv(await admin.GetStringAsync(Uri($"/v1/events?courseId={run}-c0&kind=lesson_completed&{window}&format=csv")));
        var byPackage = ExportedEvents.ParseCsv(await admin.GetStringAsync(Uri($"/v1/events?packageId={run}-p2&format=csv")));
        var resumed = ExportedEvents.ParseCsv(await admin.GetStringAsync(Uri($"/v1/events?userId={run}-u&after={resumeAfter.OccurredAt.UtcTicks}_{resumeAfter.EventId:N}&format=csv")));

        var expectedByCourse = ordered.Where(e => e.CourseId == $"{run}-c0" && e.Kind == LearningEventKinds.LessonCompleted && e.OccurredAt >= from && e.OccurredAt <= to).ToList();
        Assert.NotEmpty(expectedByCourse);
        Assert.Equal(expectedByCourse.Select(ExportedEvents.Row), byCourse.Skip(1));
        Assert.Equal(ordered.Where(e => e.PackageId == $"{run}-p2").Select(ExportedEvents.Row), byPackage.Skip(1));
        Assert.Equal(ordered.Skip(21).Select(ExportedEvents.Row), resumed.Skip(1));
    }

    [Fact]
    public async Task TheXapiExportIsOneJsonArrayWithTheStatementOfEveryEventOfTheRange()
    {
        var run = $"s{Guid.NewGuid():N}"[..10];
        var events = ExportedEvents.Events(run);
        await portal.RecordAsync(events);
        var admin = await portal.ClientAsync("admin@demo.local");

        using var response = await admin.GetAsync(Uri($"/v1/events/xapi?userId={run}-u"));
        var page = await admin.GetStringAsync(Uri($"/v1/events?userId={run}-u&format=xapi&limit=1000"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var statements = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ExportedEvents.InExportOrder(events).Select(e => e.EventId.ToString()), statements.RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        // The same statements, written the same way, as the paged answer gives.
        using var paged = JsonDocument.Parse(page);
        Assert.Equal(paged.RootElement.GetProperty("statements").EnumerateArray().Select(s => s.GetRawText()), statements.RootElement.EnumerateArray().Select(s => s.GetRawText()));
    }

    [Fact]
    public async Task AnEmptyRangeIsAHeaderAndAnEmptyArray()
    {
        var admin = await portal.ClientAsync("admin@demo.local");

        var csv = await admin.GetStringAsync(Uri("/v1/events?userId=nobody-here&format=csv"));
        var xapi = await admin.GetStringAsync(Uri("/v1/events/xapi?userId=nobody-here"));

        Assert.Equal(string.Join(',', ExportedEvents.Columns) + "\r\n", csv);
        Assert.Equal("[]", xapi);
    }

    [Theory]
    [InlineData("/v1/events?kind=made-up&format=csv", "kind")]
    [InlineData("/v1/events?userId=../etc&format=csv", "userId")]
    [InlineData("/v1/events?after=not-a-cursor&format=csv", "after")]
    [InlineData("/v1/events?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z&format=csv", "to")]
    [InlineData("/v1/events/xapi?kind=made-up", "kind")]
    [InlineData("/v1/events/xapi?after=1_2", "after")]
    public async Task ABadFilterIsRefusedWithProblemDetailsAndNothingIsStreamed(string path, string field)
    {
        var admin = await portal.ClientAsync("admin@demo.local");

        using var response = await admin.GetAsync(Uri(path));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Content.Headers.ContentDisposition);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(field, problem.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }

    [Theory]
    [InlineData("/v1/events?format=csv")]
    [InlineData("/v1/events/xapi")]
    public async Task OnlyAnAdminExportsTheEvents(string path)
    {
        foreach (var email in new[] { "learner@demo.local", "author@demo.local", "approver@demo.local" })
        {
            var client = await portal.ClientAsync(email);

            using var response = await client.GetAsync(Uri(path));

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Null(response.Content.Headers.ContentDisposition);
        }
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
