using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Courses.Archive;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Courses;

/// <summary>The ZIP file of a course export, and when the reminder that deletes it after its retention is next due.</summary>
public static class ExportFiles
{
    /// <summary>Reminders cannot be due arbitrarily far ahead: a long retention is approached a day at a time.</summary>
    public static readonly TimeSpan LongestReminderWait = TimeSpan.FromDays(1);

    private static readonly TimeSpan ShortestReminderWait = TimeSpan.FromMinutes(1);

    /// <summary>Writes <paramref name="version"/> as a ZIP to <paramref name="target"/>, which appears whole or not at all.</summary>
    public static async Task WriteAsync(string target, ContentVersion<CourseContent> version, DateTimeOffset writtenAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            CourseArchive.Write(file, version, writtenAt);
            await file.FlushAsync(cancellationToken);
        }

        File.Move(partial, target, overwrite: true);
    }

    /// <summary>How long until the expiry reminder of an export completed at <paramref name="completedAt"/> is next due:
    /// when its retention ends, but at least a minute and at most <see cref="LongestReminderWait"/> from <paramref name="now"/>.</summary>
    public static TimeSpan ExpiryReminderDue(DateTimeOffset completedAt, TimeSpan retention, DateTimeOffset now)
    {
        var wait = completedAt + retention - now;
        return wait < ShortestReminderWait ? ShortestReminderWait : wait > LongestReminderWait ? LongestReminderWait : wait;
    }
}
