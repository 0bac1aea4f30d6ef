using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Versioning;

/// <summary>
/// The persisted reminder that makes a version published for a future date active then, even if every
/// silo restarts meanwhile. Shared by the course and package grains.
/// </summary>
public static class ScheduledActivation
{
    public const string ReminderName = "activate-scheduled-version";

    // Reminders cannot be due arbitrarily far ahead; a far-off date is approached in steps.
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(30);

    /// <summary>Registers the reminder ahead of a publish for <paramref name="request"/>'s effective date, when
    /// that date is in the future and nothing else is scheduled. It goes before the write: a reminder
    /// with nothing scheduled is a harmless tick, a scheduled version without its reminder would wait for ever.</summary>
    public static async Task PrepareAsync<TContent>(Grain grain, VersionLog<TContent> log, PublishRequest request, DateTimeOffset now)
        where TContent : class
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(request);
        if (request.EffectiveDate is { } effective && effective > now && log is { Scheduled: null, Draft: not null })
        {
            await RegisterAsync(grain, effective, now);
        }
    }

    /// <summary>True when a scheduled version's effective date has come (the reminder fired, or was missed).</summary>
    public static bool IsDue<TContent>(VersionLog<TContent> log, DateTimeOffset now)
        where TContent : class =>
        log.ScheduledVersion is { EffectiveDate: { } due } && due <= now;

    /// <summary>Handles a tick: re-arms when it came early and returns false; otherwise removes the reminder and
    /// returns true, telling the grain to activate what is scheduled (if anything).</summary>
    public static async Task<bool> OnTickAsync<TContent>(Grain grain, VersionLog<TContent> log, DateTimeOffset now)
        where TContent : class
    {
        ArgumentNullException.ThrowIfNull(log);
        if (log.ScheduledVersion is { EffectiveDate: { } due } && due > now)
        {
            await RegisterAsync(grain, due, now);
            return false;
        }

        if (await grain.GetReminder(ReminderName) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }

        return true;
    }

    private static async Task RegisterAsync(Grain grain, DateTimeOffset effective, DateTimeOffset now)
    {
        var delay = effective - now;
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
        await grain.RegisterOrUpdateReminder(ReminderName, delay, TimeSpan.FromMinutes(1));
    }
}
