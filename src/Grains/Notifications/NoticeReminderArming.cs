namespace CoursePortal.Grains.Notifications;

/// <summary>What to do with an enrollment's notice reminder after a plan.</summary>
/// <param name="Register">Register (or move) the reminder to fire after this wait, repeating every longest wait.</param>
/// <param name="Unregister">Remove the reminder: nothing is left to send.</param>
/// <param name="ArmedFor">When the reminder is now due to fire; null when there is none.</param>
public readonly record struct ReminderStep(TimeSpan? Register, bool Unregister, DateTimeOffset? ArmedFor);

/// <summary>
/// Keeps one reminder per enrollment, repeating every longest wait, so that a wake-up lost with a silo comes again. A
/// notice more than a longest wait away needs no new registration while a reminder repeats (it wakes the enrollment in
/// time to aim at the notice then); a nearer one gets a reminder aimed at it; nothing left to send and nothing waiting for
/// an inbox removes it. Each registration is a write to the reminder table, so the plan of a change that moves nothing
/// registers nothing.
/// </summary>
public static class NoticeReminderArming
{
    /// <summary>The step after a plan whose next notice is at <paramref name="nextAt"/>, with <paramref name="pending"/>
    /// notices still waiting for delivery and the reminder armed for <paramref name="armedFor"/> (null: none).</summary>
    public static ReminderStep Next(DateTimeOffset? nextAt, bool pending, DateTimeOffset? armedFor, DateTimeOffset now, TimeSpan longestWait)
    {
        if (nextAt is not { } next)
        {
            // A reminder stays while notices wait for an inbox: it brings back an activation lost before delivering them.
            return pending || armedFor is null ? new ReminderStep(null, false, armedFor) : new ReminderStep(null, true, null);
        }

        var wait = next - now;
        if (wait <= longestWait)
        {
            return armedFor == next ? new ReminderStep(null, false, armedFor) : new ReminderStep(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, false, next);
        }

        return armedFor is null ? new ReminderStep(longestWait, false, now + longestWait) : new ReminderStep(null, false, armedFor);
    }
}
