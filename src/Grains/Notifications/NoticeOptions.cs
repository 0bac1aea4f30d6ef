using System.Collections.Immutable;
using System.Globalization;
using CoursePortal.Hosting;
using Microsoft.Extensions.Configuration;

namespace CoursePortal.Grains.Notifications;

/// <summary>The "Notices" settings: when package enrollments send their notices (see <see cref="NoticeSchedule"/>), and how
/// long an enrollment's reminder may wait before it wakes the enrollment to look again.</summary>
public sealed class NoticeOptions
{
    public const string Section = "Notices";

    // Reminders cannot be due arbitrarily far ahead; the scheduled activation of versions waits at most as long.
    private static readonly TimeSpan LongestAllowedWait = TimeSpan.FromDays(30);

    private const int MaxDays = 3650;

    /// <summary>Days before the due date, comma-separated; empty sends no due-soon reminders.</summary>
    public string DueSoonDays { get; set; } = "14,3,1";

    /// <summary>Days between overdue notices after the first; 0 sends only the first.</summary>
    public int OverdueRepeatDays { get; set; } = 7;

    /// <summary>Days before a certification expires, comma-separated; empty sends none.</summary>
    public string CertificationExpiringDays { get; set; } = "60,14";

    public bool CompletedToManager { get; set; }

    /// <summary>The longest an enrollment's reminder waits between wake-ups; also how soon a wake-up lost with a silo comes
    /// again. Never shorter than the reminder service's minimum period (a minute in production).</summary>
    public TimeSpan LongestReminderWait { get; set; } = TimeSpan.FromDays(1);

    // Read once: every plan of every enrollment asks for it.
    private NoticeSchedule? _schedule;

    /// <summary>The schedule these settings describe; the settings were checked at start (<see cref="Check"/>).</summary>
    public NoticeSchedule Schedule() => _schedule ??=
        new(Days(DueSoonDays, nameof(DueSoonDays)), OverdueRepeatDays, Days(CertificationExpiringDays, nameof(CertificationExpiringDays)), CompletedToManager);

    /// <summary>Reads and checks the section at start-up: a start-up error naming the key for a value that is not one.</summary>
    public static void Check(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        NoticeOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<NoticeOptions>() ?? new NoticeOptions();
        }
        catch (InvalidOperationException unreadable)
        {
            throw new StartupException($"{Section}: {unreadable.Message}", unreadable);
        }

        options.Schedule();
        if (options.OverdueRepeatDays is < 0 or > MaxDays)
        {
            throw new StartupException($"{Section}:{nameof(OverdueRepeatDays)} must be a whole number of days from 0 to {MaxDays} (it is {options.OverdueRepeatDays}).");
        }

        if (options.LongestReminderWait <= TimeSpan.Zero || options.LongestReminderWait > LongestAllowedWait)
        {
            throw new StartupException($"{Section}:{nameof(LongestReminderWait)} must be a time span above zero and at most {LongestAllowedWait.TotalDays} days (it is {options.LongestReminderWait}).");
        }
    }

    private static ImmutableArray<int> Days(string? text, string key)
    {
        var days = ImmutableArray.CreateBuilder<int>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day is < 1 or > MaxDays)
            {
                throw new StartupException($"{Section}:{key} must list whole numbers of days from 1 to {MaxDays}, separated by commas (it is '{text}').");
            }

            days.Add(day);
        }

        return [.. days.Distinct().OrderDescending()];
    }
}
