using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Web.Api;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>Browses the learning events with filters, a page at a time, with a link to the same page as xAPI statements and
/// downloads of every matching event as CSV and as xAPI statements.</summary>
public sealed class EventsModel(UserService users, ReportService reports) : PageModel
{
    public ImmutableArray<LearningEvent> Events { get; private set; } = [];

    public string? Next { get; private set; }

    public string? Email { get; private set; }

    public string? ApiQuery { get; private set; }

    public string? CsvQuery { get; private set; }

    public string? XapiExportQuery { get; private set; }

    public async Task OnGetAsync(string? email, string? packageId, string? courseId, string? kind, DateTime? from, DateTime? to, string? after)
    {
        Email = email;
        try
        {
            var userId = string.IsNullOrWhiteSpace(email) ? null : (await users.FindAsync(email)).UserId;
            var query = EventPage.Query(userId, packageId, courseId, kind, Utc(from), Utc(to), after, null);
            Events = await reports.EventsAsync(query);
            Next = Events.Length == query.Limit ? EventPage.Cursor(Events[^1]) : null;
            var filters = new Dictionary<string, string?>
            {
                ["userId"] = userId, ["packageId"] = query.PackageId, ["courseId"] = query.CourseId, ["kind"] = query.Kind,
                ["from"] = query.From?.ToString("O"), ["to"] = query.To?.ToString("O"),
            };
            ApiQuery = QueryString.Create(filters.Append(new("after", after)).Append(new("format", "xapi")).Where(p => p.Value is not null)).ToString();
            // The downloads have every event the filters match, not only this page's.
            CsvQuery = QueryString.Create(filters.Append(new("format", "csv")).Where(p => p.Value is not null)).ToString();
            XapiExportQuery = QueryString.Create(filters.Where(p => p.Value is not null)).ToString();
        }
        catch (DomainException refused)
        {
            ModelState.AddDomainErrors(refused, field => field == "userId" ? "email" : field);
        }
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
