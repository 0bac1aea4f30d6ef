using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>A course's report per version (started, completed, average time to complete, assessment pass rate and attempts
/// per pass) with charts in the package report's style.</summary>
public sealed class CourseReportModel(ReportService reports) : PageModel
{
    public IReadOnlyList<CourseSummary> Courses { get; private set; } = [];

    public string? CourseId { get; private set; }

    public ImmutableArray<CourseVersionReport> Report { get; private set; } = [];

    public IReadOnlyList<DailyCompletions> Daily { get; private set; } = [];

    public async Task OnGetAsync(string? courseId)
    {
        Courses = await reports.ListCoursesAsync();
        CourseId = Courses.Any(c => c.Id == courseId) ? courseId : Courses.Count > 0 ? Courses[0].Id : null;
        if (CourseId is not null)
        {
            Report = await reports.CourseReportAsync(CourseId);
            Daily = await reports.CourseCompletionsPerDayAsync(CourseId);
        }
    }

    /// <summary>A duration as people say it: minutes under two hours, hours under two days, days after.</summary>
    public static string Duration(TimeSpan? time) => time switch
    {
        null => "—",
        { TotalHours: < 2 } t => $"{Math.Max(1, (int)Math.Round(t.TotalMinutes))} min",
        { TotalDays: < 2 } t => $"{t.TotalHours:0.#} h",
        { } t => $"{t.TotalDays:0.#} days",
    };

    /// <summary>Attempts per pass with one decimal, or a dash while nobody passed.</summary>
    public static string Attempts(double? attempts) => attempts is { } a ? a.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
