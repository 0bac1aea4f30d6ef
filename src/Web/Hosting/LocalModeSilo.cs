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
        if (builder.Configuration.GetValue(LocalModeSeeder.DemoHistoryKey, true))
        {
            // The silo and the web start on the demo history's first day and follow the history forward (DemoClock).
            builder.Services.AddSingleton(new DemoClock(DemoHistory.Days(TimeProvider.System).Start));
            builder.Services.AddSingleton<TimeProvider>(services => services.GetRequiredService<DemoClock>());
            builder.Services.AddTransient<DemoHistory>();
        }

        builder.Services.AddHostedService<LocalModeSeeder>();
        return builder;
    }
}
