using System.Net;
using System.Net.Sockets;
using CoursePortal.Grains.Database;
using CoursePortal.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>
/// A real silo host built with the production wiring (AddCoursePortalSilo: ADO.NET clustering,
/// storage and reminders over TCP), not the test cluster, whose membership cannot be swapped.
/// </summary>
public sealed class RealSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private RealSilo(IHost host, int gatewayPort)
    {
        _host = host;
        GatewayPort = gatewayPort;
    }

    public int GatewayPort { get; }

    public IServiceProvider Services => _host.Services;

    public string Address => _host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();

    public static async Task<RealSilo> StartAsync(
        string connectionString, string clusterId, string serviceId, Action<IServiceCollection>? configureServices = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var gatewayPort = FreePort();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:CoursePortal"] = connectionString,
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = serviceId,
            ["Orleans:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:AdvertisedIP"] = "127.0.0.1",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCoursePortalSilo();
        builder.Services.AddSerializer(s => s.AddAssembly(typeof(RealSilo).Assembly));
        // Lets the reminder test tick every second instead of the one-minute production minimum.
        builder.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.PrepareDatabaseAsync();
        await host.StartAsync();
        return new RealSilo(host, gatewayPort);
    }

    /// <summary>Graceful stop: the silo leaves membership and deactivates its grains.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    /// <summary>Ungraceful stop, as the test cluster's KillSiloAsync: a pre-cancelled stop token, so
    /// nothing is handed over and the others must find out through membership probes.</summary>
    public async Task KillAsync()
    {
        _stopped = true;
        await _host.StopAsync(new CancellationToken(canceled: true));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
