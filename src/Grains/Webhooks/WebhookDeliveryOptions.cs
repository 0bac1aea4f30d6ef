using CoursePortal.Hosting;
using Microsoft.Extensions.Configuration;

namespace CoursePortal.Grains.Webhooks;

/// <summary>How webhooks and the xAPI target are delivered (section <c>Webhooks</c>).</summary>
public sealed class WebhookDeliveryOptions
{
    public const string Section = "Webhooks";

    /// <summary>How often an idle deliverer looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest one POST may take; slower is a failed attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a claimed delivery is left to its deliverer: past it (a silo killed mid-POST) another takes it.
    /// Longer than <see cref="Timeout"/>, so a live deliverer always records its outcome first.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before the second attempt; it doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a delivery is given up (<c>failed</c>); about a day with the default delays.</summary>
    public int MaxAttempts { get; set; } = 36;

    /// <summary>The age past which a delivery that fails again is given up, however few attempts it had.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The most deliveries one deliverer claims at once (one per learner queue; webhooks are POSTed in parallel).</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>The most statements in one POST to the xAPI target.</summary>
    public int XapiBatchSize { get; set; } = 50;

    /// <summary>Stops the start with one line naming the key when the section cannot work: a lease that can end while its
    /// POST may still be running would have two silos send one delivery at once as a rule rather than after a kill.</summary>
    public static void Check(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        WebhookDeliveryOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<WebhookDeliveryOptions>() ?? new WebhookDeliveryOptions();
        }
        catch (InvalidOperationException unreadable)
        {
            throw new StartupException($"{Section}: {unreadable.Message}", unreadable);
        }

        if (options.Timeout <= TimeSpan.Zero || options.Lease <= options.Timeout)
        {
            throw new StartupException($"{Section}:Lease ({options.Lease}) must be longer than {Section}:Timeout ({options.Timeout}), which must be positive.");
        }

        if (options.PollInterval <= TimeSpan.Zero || options.FirstRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.FirstRetryDelay)
        {
            throw new StartupException($"{Section}:PollInterval and {Section}:FirstRetryDelay must be positive, and {Section}:MaxRetryDelay at least the first delay.");
        }

        if (options.MaxAttempts < 1 || options.BatchSize < 1 || options.XapiBatchSize < 1)
        {
            throw new StartupException($"{Section}:MaxAttempts, {Section}:BatchSize and {Section}:XapiBatchSize must be at least 1.");
        }
    }
}
