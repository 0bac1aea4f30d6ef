using CoursePortal.Grains;
using CoursePortal.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace CoursePortal.Web.Hosting;

/// <summary>
/// Local mode's co-hosted silo. With <see cref="CoHostedSilo"/>, the only places the web touches the grain classes'
/// assembly: everything else talks to grains through Grains.Abstractions, whichever mode it runs in (ArchitectureTests
/// holds the web to that).
/// </summary>
public static class LocalModeSilo
{
    /// <summary>An in-memory silo on localhost (the silo and gateway ports of the "Orleans" section) and the demo data.</summary>
    public static WebApplicationBuilder AddLocalModeSilo(this WebApplicationBuilder builder, OrleansSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            })
            .AddCoursePortalInMemoryGrains()
            .AddDashboard(DashboardSettings.Configure)
            .UseLocalhostClustering(settings.SiloPort, settings.GatewayPort));
        // One clock for the grains and the web, which the demo history moves back while it is played (see DemoHistory).
        builder.Services.AddSingleton<DemoClock>();
        builder.Services.AddSingleton<TimeProvider>(services => services.GetRequiredService<DemoClock>());
        builder.Services.AddTransient<DemoHistory>();
        builder.Services.AddHostedService<LocalModeSeeder>();
        return builder;
    }
}
