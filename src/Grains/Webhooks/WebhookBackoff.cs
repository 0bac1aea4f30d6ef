namespace CoursePortal.Grains.Webhooks;

/// <summary>When a failed delivery is tried again, and when it is given up: exponential backoff with jitter, so many
/// deliveries that failed together (a receiver's outage) do not all come back in the same second.</summary>
public static class WebhookBackoff
{
    /// <summary>The wait after attempt number <paramref name="attempts"/> failed: between half and all of
    /// first × 2^(attempts−1), capped at the maximum; <paramref name="jitter"/> is a number in [0, 1).</summary>
    public static TimeSpan Delay(int attempts, TimeSpan first, TimeSpan max, double jitter)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 40);
        var full = Math.Min(first.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(full * (0.5 + (0.5 * Math.Clamp(jitter, 0, 1))));
    }

    /// <summary>Whether a delivery that just failed its <paramref name="attempts"/>th attempt is given up.</summary>
    public static bool GivesUp(int attempts, DateTimeOffset createdAt, DateTimeOffset now, WebhookDeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return attempts >= options.MaxAttempts || now - createdAt >= options.MaxAge;
    }
}
