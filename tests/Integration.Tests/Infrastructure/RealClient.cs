using CoursePortal.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>An Orleans client that finds its gateways in the PostgreSQL membership table, as the web does.</summary>
public sealed class RealClient : IAsyncDisposable
{
    private readonly IHost _host;

    private RealClient(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<RealClient> StartAsync(string connectionString, string clusterId, string serviceId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            })
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5))
            .UseAdoNetClustering(o =>
            {
                o.Invariant = DatabaseSettings.NpgsqlInvariant;
                o.ConnectionString = connectionString;
            }));
        builder.Services.AddSerializer(s => s.AddAssembly(typeof(RealClient).Assembly));
        var host = builder.Build();
        await host.StartAsync();
        return new RealClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
