using Microsoft.AspNetCore.Identity;

namespace CoursePortal.Web.Hosting;

/// <summary>The "Security" settings of the web, read and checked once at start-up: password lockout, how long an idle
/// sign-in lasts, the cost of new password hashes, and the per-minute limits on sign-in attempts, learner writes and
/// each API token's requests, and how long a web trusts what it found for a token.</summary>
public sealed record SecuritySettings(
    int LockoutAfterFailures,
    TimeSpan Lockout,
    TimeSpan Session,
    int PasswordHashIterations,
    int SignInAttemptsPerMinute,
    int LearnerWritesPerMinute,
    int TokenRequestsPerMinute = SecuritySettings.DefaultTokenRequestsPerMinute,
    TimeSpan? TokenCache = null)
{
    /// <summary>How long a web trusts what it found for an API token (see <see cref="ApiTokenCache"/>).</summary>
    public TimeSpan TokenCacheFreshness => TokenCache ?? TimeSpan.FromSeconds(5);

    /// <summary>Requests per minute an API token may make when configuration says nothing.</summary>
    public const int DefaultTokenRequestsPerMinute = 600;

    // The floor under what an operator may set: fewer rounds would make a stolen hash cheap to try passwords against.
    private const int MinPasswordHashIterations = 1_000;

    /// <summary>The settings, with the defaults for what configuration leaves out; a start-up error for a lockout or
    /// session that is not above zero.</summary>
    public static SecuritySettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new SecuritySettings(
            configuration.GetValue("Security:LockoutAfterFailures", 5),
            TimeSpan.FromMinutes(configuration.GetValue("Security:LockoutMinutes", 15.0)),
            TimeSpan.FromMinutes(configuration.GetValue("Security:SessionMinutes", 480.0)),
            // PBKDF2 rounds of new password hashes; the framework's default unless an operator (or the benchmark's setup of
            // ten thousand accounts) says otherwise. Existing hashes keep verifying: each records its own count.
            Math.Max(MinPasswordHashIterations, configuration.GetValue("Security:PasswordHashIterations", new PasswordHasherOptions().IterationCount)),
            configuration.GetValue("Security:SignInAttemptsPerMinute", 10),
            Math.Max(1, configuration.GetValue("Security:LearnerWritesPerMinute", 120)),
            Math.Max(1, configuration.GetValue("Security:TokenRequestsPerMinute", DefaultTokenRequestsPerMinute)),
            TimeSpan.FromSeconds(Math.Max(0.1, configuration.GetValue("Security:TokenCacheSeconds", 5.0))));
        return settings.LockoutAfterFailures < 1 || settings.Lockout <= TimeSpan.Zero || settings.Session <= TimeSpan.Zero
            ? throw new CoursePortal.Hosting.StartupException("Security:LockoutAfterFailures, Security:LockoutMinutes and Security:SessionMinutes must be above zero.")
            : settings;
    }
}
