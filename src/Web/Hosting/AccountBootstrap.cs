using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Hosting;

/// <summary>The "Bootstrap" configuration section: the first administrator of a new installation.</summary>
public sealed class BootstrapSettings
{
    public const string Section = "Bootstrap";

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }
}

/// <summary>
/// At start: creates the configured first admin when no administrator exists yet, and in local mode the
/// demo accounts of every role, printing how to sign in. Registered after Orleans, so the cluster is reachable.
/// </summary>
public sealed partial class AccountBootstrap(
    AccountService accounts, IGrainFactory grains, FirstAdministrator firstAdministrator, PortalMode mode, IConfiguration configuration, ILogger<AccountBootstrap> logger) : IHostedService
{
    public static IReadOnlyList<(string Email, string FirstName, Role Role)> DemoAccounts { get; } =
    [
        ("learner@demo.local", "Lena", Role.Learner),
        ("author@demo.local", "Arne", Role.Contributor),
        ("approver@demo.local", "Ava", Role.Approver),
        ("admin@demo.local", "Adam", Role.Admin),
    ];

    // A web started right after its first silo once connected before the cluster's grain types reached it, and GetGrain
    // said no implementation existed. The start waits for the cluster, for a bounded time, instead of the web dying.
    private static readonly TimeSpan ClusterWait = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        RequireStrongPassword(configuration);
        var deadline = DateTime.UtcNow + ClusterWait;
        while (true)
        {
            try
            {
                await BootstrapAsync();
                return;
            }
            catch (Exception ex) when (IsClusterNotReady(ex) && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                LogWaitingForCluster(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    /// <summary>Stops the start with one clear line when Bootstrap:AdminPassword breaks the password rules.</summary>
    public static void RequireStrongPassword(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var password = configuration[$"{BootstrapSettings.Section}:AdminPassword"];
        if (!string.IsNullOrEmpty(password)
            && PasswordRules.Problems(password, configuration[$"{BootstrapSettings.Section}:AdminEmail"]) is { Count: > 0 } problems)
        {
            throw new CoursePortal.Hosting.StartupException($"Bootstrap:AdminPassword is too weak: {string.Join(" ", problems)}");
        }
    }

    private static bool IsClusterNotReady(Exception ex) =>
        ex is ArgumentException { Message: var message } && message.StartsWith("Could not find an implementation for interface", StringComparison.Ordinal)
        || ex is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException;

    private async Task BootstrapAsync()
    {
        var bootstrap = configuration.GetSection(BootstrapSettings.Section).Get<BootstrapSettings>() ?? new BootstrapSettings();
        if (!string.IsNullOrWhiteSpace(bootstrap.AdminEmail) && !string.IsNullOrWhiteSpace(bootstrap.AdminPassword)
            && !await grains.GetGrain<IAdminRegistryGrain>(GrainKeys.AdminRegistry).AnyAsync()
            && await accounts.FindUserIdAsync(bootstrap.AdminEmail) is null)
        {
            await accounts.CreateAsync(bootstrap.AdminEmail, "Administrator", "Bootstrap", bootstrap.AdminPassword, [Role.Admin], "bootstrap");
            LogAdminCreated(logger, bootstrap.AdminEmail);
        }

        if (mode is { IsLocal: true, DemoPassword: { } password })
        {
            foreach (var (email, firstName, role) in DemoAccounts)
            {
                if (await accounts.FindUserIdAsync(email) is null)
                {
                    await accounts.CreateAsync(email, firstName, "Demo", password, [role], "local-mode");
                }
            }

            // Once per start, in one line: the password is random unless LocalMode:DemoPassword fixes it.
            LogDemoAccounts(logger, string.Join(", ", DemoAccounts.Select(a => $"{a.Email} ({a.Role})")), password);
        }

        // A first start from the README without the Bootstrap keys came up with no account and said nothing.
        if (await firstAdministrator.IsMissingAsync())
        {
            LogNoAdministrator(logger, FirstAdministrator.Keys);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster is not ready for the first accounts yet ({Reason}); trying again")]
    private static partial void LogWaitingForCluster(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the first administrator {Email} from Bootstrap:AdminEmail; change its password after signing in")]
    private static partial void LogAdminCreated(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No administrator exists, so nobody can sign in to manage the portal: set {Keys} (environment Bootstrap__AdminEmail, Bootstrap__AdminPassword) and restart the web to create the first one")]
    private static partial void LogNoAdministrator(ILogger logger, string keys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local mode demo accounts: {Accounts}; password: {Password}")]
    private static partial void LogDemoAccounts(ILogger logger, string accounts, string password);
}
