using System.Security.Cryptography;
using CoursePortal.Hosting;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Hosting;

/// <summary>How this web process reaches the grains: as a client of a PostgreSQL-backed cluster, or
/// (local mode, no connection string) through a silo it co-hosts with everything kept in memory.
/// <see cref="DemoPassword"/> is the demo accounts' password in local mode, null otherwise.</summary>
public sealed record PortalMode(bool IsLocal, string? DemoPassword = null)
{
    public const string LocalModeNotice = "local mode: data is kept in memory";

    public const string EnabledKey = "LocalMode:Enabled";

    public const string DemoPasswordKey = "LocalMode:DemoPassword";

    /// <summary>Client mode with a connection string; local mode without one, but only in the Development environment
    /// or with <c>LocalMode:Enabled=true</c>: a production web whose connection string went missing must stop, not come
    /// up empty with demo accounts. Without <c>LocalMode:DemoPassword</c> the demo accounts get a random password.</summary>
    public static PortalMode FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(DatabaseSettings.ConnectionStringName)))
        {
            return new PortalMode(false);
        }

        bool? enabled;
        try
        {
            enabled = configuration.GetValue<bool?>(EnabledKey);
        }
        catch (InvalidOperationException ex)
        {
            throw new StartupException($"{EnabledKey} must be true or false.", ex);
        }

        if (!(enabled ?? environment.IsDevelopment()))
        {
            throw new StartupException(
                $"ConnectionStrings:{DatabaseSettings.ConnectionStringName} is not set. Set it to the PostgreSQL connection string, " +
                $"or set {EnabledKey}=true to run in local mode (in memory, demo accounts; environment '{environment.EnvironmentName}').");
        }

        return new PortalMode(true, DemoPasswordFrom(configuration));
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
