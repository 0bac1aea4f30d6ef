using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using CoursePortal.Grains;
using CoursePortal.Grains.Learning;
using CoursePortal.Silo.Database;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace CoursePortal.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>The ADO.NET invariant that makes Orleans load Npgsql.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// A production silo: membership, grain state (System.Text.Json) and reminders in PostgreSQL.
    /// Fails with a <see cref="StartupException"/> when a setting is missing or invalid. Call
    /// <see cref="DatabaseStartup.PrepareDatabaseAsync"/> on the built host before starting it.
    /// </summary>
    public static IHostApplicationBuilder AddCoursePortalSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = builder.Services.AddCoursePortalDatabase(builder.Configuration);
        var settings = builder.Configuration.ReadOrleansSettings();
        builder.Services.Configure<DatabaseSettings>(builder.Configuration.GetSection(DatabaseSettings.Section));
        // Orleans' placement retries log every attempt at Information; configuration can still lower this.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.AddCoursePortalTelemetry("courseportal-silo");
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            silo.Configure<SiloOptions>(o => o.SiloName = settings.SiloName ?? $"{Environment.MachineName}-{settings.SiloPort}");
            var advertised = ResolveAdvertisedAddress(settings.AdvertisedIP);
            silo.ConfigureEndpoints(advertised, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = NpgsqlInvariant;
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(StorageNames.Grains, o =>
            {
                o.Invariant = NpgsqlInvariant;
                o.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = NpgsqlInvariant;
                o.ConnectionString = connectionString;
            });
            silo.UseSystemTextJsonGrainStorageSerializer();
            silo.AddActivityPropagation();
            silo.AddDashboard(DashboardSettings.Configure);
            silo.Services.AddCoursePortalGrainServices(silo.Configuration);
            silo.Services.AddSingleton<PostgresLearningEventSink>();
            silo.Services.AddSingleton<ILearningEventSink>(sp => sp.GetRequiredService<PostgresLearningEventSink>());
            silo.Services.AddSingleton<ILearningEventQueries>(sp => sp.GetRequiredService<PostgresLearningEventSink>());
        });
        return builder;
    }

    /// <summary>
    /// A silo for local mode and grain tests: localhost clustering, in-memory state and reminders.
    /// Nothing survives a restart.
    /// </summary>
    public static ISiloBuilder AddCoursePortalInMemorySilo(this ISiloBuilder silo, int siloPort, int gatewayPort)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddCoursePortalGrainServices(silo.Configuration);
        silo.Services.AddInMemoryLearningEvents();
        silo.AddActivityPropagation();
        silo.AddDashboard(DashboardSettings.Configure);
        return silo
            .UseLocalhostClustering(siloPort, gatewayPort)
            .AddMemoryGrainStorage(StorageNames.Grains)
            .UseInMemoryReminderService();
    }

    /// <summary>Binds and validates the "Orleans" section, failing with a message that names the key.</summary>
    public static OrleansSettings ReadOrleansSettings(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        OrleansSettings settings;
        try
        {
            settings = configuration.GetSection(OrleansSettings.Section).Get<OrleansSettings>() ?? new OrleansSettings();
        }
        catch (InvalidOperationException ex)
        {
            throw new StartupException($"The {OrleansSettings.Section} configuration section is invalid: {ex.Message}", ex);
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
        {
            var problems = string.Join("; ", results.Select(r => $"{OrleansSettings.Section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
            throw new StartupException($"Invalid Orleans settings: {problems}");
        }

        if (!string.IsNullOrWhiteSpace(settings.AdvertisedIP) && !IPAddress.TryParse(settings.AdvertisedIP, out _))
        {
            throw new StartupException($"{OrleansSettings.Section}:AdvertisedIP '{settings.AdvertisedIP}' is not an IP address.");
        }

        return settings;
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
