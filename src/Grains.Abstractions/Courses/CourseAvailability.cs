using System.Globalization;

namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>When a course version can be started: from its start date to its end date, both days included (UTC days),
/// either open-ended. Every route that starts a course asks <see cref="IsAvailable"/>; the course page and the API show
/// the same dates in the words of <see cref="Describe"/>.</summary>
public static class CourseAvailability
{
    /// <summary>Whether the course can be started at <paramref name="now"/>.</summary>
    public static bool IsAvailable(CourseContent content, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return (content.StartDate is not { } start || today >= start) && (content.EndDate is not { } end || today <= end);
    }

    /// <summary>The dates in words: "Available from 2027-01-04 to 2027-03-31.", or null when the course has none.</summary>
    public static string? Describe(CourseContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return (content.StartDate, content.EndDate) switch
        {
            ({ } start, { } end) => $"Available from {Day(start)} to {Day(end)}.",
            ({ } start, null) => $"Available from {Day(start)}.",
            (null, { } end) => $"Available until {Day(end)}.",
            _ => null,
        };
    }

    /// <summary>Why the course cannot be started at <paramref name="now"/>, or null when it can.</summary>
    public static string? WhyNot(CourseContent content, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (IsAvailable(content, now))
        {
            return null;
        }

        return content.StartDate is { } start && DateOnly.FromDateTime(now.UtcDateTime) < start
            ? $"'{content.Title}' opens on {Day(start)}; it cannot be started before then."
            : $"'{content.Title}' closed on {Day(content.EndDate!.Value)}; it can no longer be started.";
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
