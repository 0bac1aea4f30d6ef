using System.Security.Cryptography;
using CoursePortal.Hosting;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Hosting;

/// <summary>How this web process reaches the grains: as a client of a PostgreSQL-backed cluster, as a silo of that
/// cluster itself (<see cref="IsCoHosted"/>), or (local mode, no connection string) through a silo it co-hosts with
/// everything kept in memory. <see cref="DemoPassword"/> is the demo accounts' password in local mode, null otherwise.</summary>
public sealed record PortalMode(bool IsLocal, string? DemoPassword = null)
{
    public const string LocalModeNotice = "local mode: data is kept in memory";

    public const string EnabledKey = "LocalMode:Enabled";

    public const string DemoPasswordKey = "LocalMode:DemoPassword";

    public const string CoHostedKey = $"{OrleansSettings.Section}:{nameof(OrleansSettings.CoHosted)}";

    /// <summary>The web is a silo of the PostgreSQL cluster (<c>Orleans:CoHosted=true</c>) rather than its client.</summary>
    public bool IsCoHosted { get; init; }

    /// <summary>Client mode with a connection string (co-hosted with <c>Orleans:CoHosted=true</c>); local mode without
    /// one, but only in the Development environment or with <c>LocalMode:Enabled=true</c>: a production web whose
    /// connection string went missing must stop, not come up empty with demo accounts. Without
    /// <c>LocalMode:DemoPassword</c> the demo accounts get a random password.</summary>
    public static PortalMode FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var coHosted = ReadBool(configuration, CoHostedKey);
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(DatabaseSettings.ConnectionStringName)))
        {
            return new PortalMode(false) { IsCoHosted = coHosted ?? false };
        }

        // A co-hosted web is a silo of the durable cluster; quietly falling back to local mode's in-memory silo (which
        // Development would allow) would accept learners' work and lose it at the next restart.
        if (coHosted == true)
        {
            throw new StartupException(
                $"{CoHostedKey}=true makes the web a silo of the PostgreSQL cluster, but ConnectionStrings:{DatabaseSettings.ConnectionStringName} " +
                $"is not set. Set the connection string, or remove {CoHostedKey} (local mode co-hosts an in-memory silo on its own).");
        }

        if (!(ReadBool(configuration, EnabledKey) ?? environment.IsDevelopment()))
        {
            throw new StartupException(
                $"ConnectionStrings:{DatabaseSettings.ConnectionStringName} is not set. Set it to the PostgreSQL connection string, " +
                $"or set {EnabledKey}=true to run in local mode (in memory, demo accounts; environment '{environment.EnvironmentName}').");
        }

        return new PortalMode(true, DemoPasswordFrom(configuration));
    }

    private static bool? ReadBool(IConfiguration configuration, string key)
    {
        try
        {
            return configuration.GetValue<bool?>(key);
        }
        catch (InvalidOperationException ex)
        {
            throw new StartupException($"{key} must be true or false.", ex);
        }
    }

    private static string DemoPasswordFrom(IConfiguration configuration)
    {
        var configured = configuration[DemoPasswordKey];
        if (string.IsNullOrEmpty(configured))
        {
            // 20 characters from 56 (no look-alikes such as 0/O and 1/l): about 116 bits, and no e-mail name inside.
            return RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
        }

        var problems = AccountBootstrap.DemoAccounts.SelectMany(a => PasswordRules.Problems(configured, a.Email)).Distinct().ToList();
        return problems.Count == 0 ? configured : throw new StartupException($"{DemoPasswordKey} is too weak: {string.Join(" ", problems)}");
    }
}
