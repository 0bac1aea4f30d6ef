using System.Net;
using System.Net.Sockets;
using CoursePortal.Grains.Database;
using CoursePortal.Grains.Learning;
using CoursePortal.Grains.Webhooks;
using CoursePortal.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace CoursePortal.Grains.Hosting;

/// <summary>
/// A silo of the PostgreSQL-backed cluster, the same whichever process hosts it: the silo process (src/Silo) or a web
/// that co-hosts one (<c>Orleans:CoHosted</c>). One wiring, so a co-hosted web cannot drift from the silos it joins.
/// </summary>
public static class ClusterSilo
{
    /// <summary>
    /// Membership, grain state (System.Text.Json) and reminders in PostgreSQL, the learning-event sink, the grains'
    /// services, failure detection, endpoints, dashboard and activity propagation. The caller has registered the
    /// database (<see cref="DatabaseServiceCollectionExtensions.AddCoursePortalDatabase"/>) and prepares it before the
    /// silo starts (<see cref="DatabaseStartup.PrepareDatabaseAsync"/>); <paramref name="configure"/> adds what only
    /// that host needs.
    /// </summary>
    public static IHostApplicationBuilder UseCoursePortalClusterSilo(
        this IHostApplicationBuilder builder, string connectionString, OrleansSettings settings, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.Configure<DatabaseSettings>(builder.Configuration.GetSection(DatabaseSettings.Section));
        // Orleans' placement retries log every attempt at Information; configuration can still lower this.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.ConfigureIdentityAndEndpoints(settings);
            silo.ConfigureFailureDetection(settings);
            silo.UsePostgres(ProviderConnectionString(connectionString));
            silo.AddActivityPropagation();
            silo.AddDashboard(DashboardSettings.Configure);
            silo.Services.AddCoursePortalGrainServices(silo.Configuration);
            silo.Services.AddPostgresLearningEvents();
            silo.Services.AddWebhookDelivery(silo.Configuration);
            configure?.Invoke(silo);
        });
        return builder;
    }

    /// <summary>
    /// The connection string the Orleans ADO.NET providers use: the configured one, with Npgsql's reset of a pooled
    /// connection before its reuse turned off. That reset (DISCARD ALL or its equivalent) also drops PL/pgSQL's cached
    /// plans, so every state write re-planned the write function's statements; without it PostgreSQL's CPU per lesson
    /// completion fell from 0.80 to 0.53 ms (bench/profiles.md). It is safe because the string differs from every other
    /// in the process, so these connections form a pool of their own, and the providers run only their own queries and
    /// functions, which leave no session state (no SET, temporary tables, LISTEN or advisory locks) to reset.
    /// </summary>
    public static string ProviderConnectionString(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;

    // The cluster and silo names, and the address other silos and clients reach this one at.
    private static void ConfigureIdentityAndEndpoints(this ISiloBuilder silo, OrleansSettings settings)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        silo.Configure<SiloOptions>(o => o.SiloName = settings.SiloName ?? $"{Environment.MachineName}-{settings.SiloPort}");
        var advertised = ResolveAdvertisedAddress(settings.AdvertisedIP);
        silo.ConfigureEndpoints(advertised, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
    }

    // Orleans' defaults (5 s probes) suit large clusters across data centres: a killed silo is declared dead after
    // 10-20 s, and until then every call to its grains fails. This deployment is a few silos on one host or LAN, where a
    // probe answers in well under a millisecond, so probes can be much faster. Every silo probes every other one
    // (NumProbedSilos 10 by default covers the cluster), and two votes still declare a death, so with three silos a
    // silo is dead only when both others agree; a slow silo's own probes are lengthened by Orleans' local health check
    // (ExtendProbeTimeoutDuringDegradation) rather than making it vote others dead.
    private static void ConfigureFailureDetection(this ISiloBuilder silo, OrleansSettings settings) =>
        silo.Configure<ClusterMembershipOptions>(o => o.ProbeTimeout = settings.ProbeTimeout);

    /// <summary>Membership, grain state (as System.Text.Json) and reminders in the one PostgreSQL database.</summary>
    private static void UsePostgres(this ISiloBuilder silo, string connectionString)
    {
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = DatabaseSettings.NpgsqlInvariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage(StorageNames.Grains, o =>
        {
            o.Invariant = DatabaseSettings.NpgsqlInvariant;
            o.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = DatabaseSettings.NpgsqlInvariant;
            o.ConnectionString = connectionString;
        });
        silo.UseSystemTextJsonGrainStorageSerializer();
    }

    // One sink writes the learning events and answers the queries over them.
    private static void AddPostgresLearningEvents(this IServiceCollection services)
    {
        services.AddSingleton<PostgresLearningEventSink>();
        services.AddSingleton<ILearningEventSink>(sp => sp.GetRequiredService<PostgresLearningEventSink>());
        services.AddSingleton<ILearningEventQueries>(sp => sp.GetRequiredService<PostgresLearningEventSink>());
        services.AddHostedService<EventPartitionUpkeep>();
        services.AddSingleton<IReportQueries, PostgresReportQueries>();
    }

    // Subscriptions and the delivery queue in PostgreSQL (db/0018), and this silo's share of the sending.
    private static void AddWebhookDelivery(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        WebhookDeliveryOptions.Check(configuration);
        services.Configure<WebhookDeliveryOptions>(configuration.GetSection(WebhookDeliveryOptions.Section));
        services.AddSingleton<IWebhookStore, PostgresWebhookStore>();
        services.AddSingleton<WebhookQueue>();
        // No redirects: a receiver answers for its own URL, and a redirect must not carry a signed event somewhere else.
        services.AddHttpClient(WebhookDeliverer.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new System.Net.Http.SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddHostedService<WebhookDeliverer>();
    }

    private static IPAddress ResolveAdvertisedAddress(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return IPAddress.Parse(configured);
        }

        // In a container the host name resolves to the container's own address on its network.
        try
        {
            return Dns.GetHostAddresses(Dns.GetHostName())
                .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
                ?? IPAddress.Loopback;
        }
        catch (SocketException)
        {
            return IPAddress.Loopback;
        }
    }
}
