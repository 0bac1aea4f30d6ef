using System.Text.Json;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Web.Tests.Api;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>The events page links to downloads of every event its filters match, beyond the page it shows.</summary>
public sealed class EventsPageDownloadTests(SmallExportPagesPortal portal) : IClassFixture<SmallExportPagesPortal>
{
    [Fact]
    public async Task TheDownloadLinksHaveEveryEventTheFiltersMatchNotOnlyThisPage()
    {
        var run = $"d{Guid.NewGuid():N}"[..10];
        var events = ExportedEvents.Events(run);
        await portal.RecordAsync(events);
        var admin = await portal.ClientAsync("admin@demo.local");
        var expected = events.Where(e => e.CourseId == $"{run}-c0" && e.Kind == LearningEventKinds.LessonCompleted).OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId).ToList();

        // The second page of the browser: its download links still have the whole range.
        var first = await admin.GetDocumentAsync($"/Admin/Events?courseId={run}-c0&kind=lesson_completed");
        var page = await admin.GetDocumentAsync($"/Admin/Events?courseId={run}-c0&kind=lesson_completed&after={expected[0].OccurredAt.UtcTicks}_{expected[0].EventId:N}");
        var csv = await admin.GetStringAsync(new Uri(page.QuerySelector("a#csv")!.GetAttribute("href")!, UriKind.Relative));
        using var xapi = JsonDocument.Parse(await admin.GetStringAsync(new Uri(page.QuerySelector("a#xapi-all")!.GetAttribute("href")!, UriKind.Relative)));

        Assert.Equal(expected.Count, first.QuerySelectorAll("#events tbody tr").Length);
        Assert.Equal(expected.Count - 1, page.QuerySelectorAll("#events tbody tr").Length);
        Assert.Equal(expected.Select(ExportedEvents.Row), ExportedEvents.ParseCsv(csv).Skip(1));
        Assert.Equal(expected.Select(e => e.EventId.ToString()), xapi.RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task ABadFilterShowsNoDownloadLinks()
    {
        var admin = await portal.ClientAsync("admin@demo.local");

        var page = await admin.GetDocumentAsync("/Admin/Events?kind=made-up");

        Assert.Null(page.QuerySelector("a#csv"));
        Assert.Null(page.QuerySelector("a#xapi-all"));
    }
}
