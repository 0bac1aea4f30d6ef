using System.ComponentModel.DataAnnotations;
using CoursePortal.Hosting;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace CoursePortal.Grains.Notifications;

/// <summary>The "Mail" configuration section: how notices are mailed. Without <see cref="SmtpHost"/> mail is written as
/// .eml files to <see cref="PickupDirectory"/> instead.</summary>
public sealed class MailSettings
{
    public const string Section = "Mail";

    /// <summary>The SMTP relay; empty writes mail to <see cref="PickupDirectory"/>.</summary>
    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    /// <summary>TLS to the relay: on connect for port 465, STARTTLS (required) on any other port. Off only for a relay on a
    /// network you trust, such as a catch-all beside the portal.</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>The account to authenticate as; empty sends without authenticating.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>CoursePortal &lt;learning@example.com&gt;</c>.</summary>
    public string From { get; set; } = "CoursePortal <noreply@courseportal.invalid>";

    /// <summary>A folder of templates that replace the built-in ones file by file (docs/operations.md lists names and placeholders).</summary>
    public string? TemplatesPath { get; set; }

    /// <summary>Where mail goes without an SMTP relay.</summary>
    public string PickupDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "courseportal", "mail");

    /// <summary>Attempts before a mail is given up on and listed for admins.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; it doubles after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long one SMTP exchange (connect, send) may take before it counts as a failed attempt.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(SmtpHost);

    public MailboxAddress Sender => MailboxAddress.Parse(From);

    /// <summary>The wait before the next attempt of a mail that has failed <paramref name="attempts"/> times.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var wait = RetryDelay * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return wait > MaxRetryDelay ? MaxRetryDelay : wait;
    }

    /// <summary>Binds and checks the section; a bad value stops the start with one line naming its key.</summary>
    public static MailSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        MailSettings settings;
        try
        {
            settings = configuration.GetSection(Section).Get<MailSettings>() ?? new MailSettings();
        }
        catch (InvalidOperationException ex)
        {
            throw new StartupException($"The {Section} configuration section is invalid: {ex.Message}", ex);
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
        {
            throw new StartupException($"Invalid mail settings: {string.Join("; ", results.Select(r => $"{Section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"))}");
        }

        if (!MailboxAddress.TryParse(settings.From, out _))
        {
            throw new StartupException($"{Section}:From '{settings.From}' is not a mail address.");
        }

        if (settings.RetryDelay <= TimeSpan.Zero || settings.MaxRetryDelay < settings.RetryDelay)
        {
            throw new StartupException($"{Section}:RetryDelay must be positive and {Section}:MaxRetryDelay at least as long (they are {settings.RetryDelay} and {settings.MaxRetryDelay}).");
        }

        if (!string.IsNullOrWhiteSpace(settings.TemplatesPath) && !Directory.Exists(settings.TemplatesPath))
        {
            throw new StartupException($"{Section}:TemplatesPath '{settings.TemplatesPath}' is not a folder.");
        }

        if (string.IsNullOrWhiteSpace(settings.User) != string.IsNullOrEmpty(settings.Password))
        {
            throw new StartupException($"{Section}:User and {Section}:Password are set together or not at all.");
        }

        return settings;
    }
}
