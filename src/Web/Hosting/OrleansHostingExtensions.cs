using CoursePortal.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace CoursePortal.Web.Hosting;

public static class OrleansHostingExtensions
{
    /// <summary>
    /// With ConnectionStrings:CoursePortal the web is a pure Orleans client that finds gateways in
    /// the PostgreSQL membership table, or with Orleans:CoHosted=true a silo of that cluster itself. Without it, local
    /// mode (Development, or LocalMode:Enabled=true; otherwise the start stops): a co-hosted in-memory silo with demo data.
    /// </summary>
    public static WebApplicationBuilder AddCoursePortalOrleans(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.ReadOrleansSettings();
        var mode = PortalMode.FromConfiguration(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(mode);
        builder.AddCoursePortalTelemetry("courseportal-web");

        if (mode.IsLocal)
        {
            return builder.AddLocalModeSilo(settings);
        }

        if (mode.IsCoHosted)
        {
            return builder.AddCoHostedSilo(settings);
        }

        var connectionString = builder.Services.AddCoursePortalDatabase(builder.Configuration);
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            })
            .UseAdoNetClustering(o =>
            {
                o.Invariant = DatabaseSettings.NpgsqlInvariant;
                o.ConnectionString = connectionString;
            })
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = settings.ResponseTimeout)
            .AddActivityPropagation()
            .AddDashboard(DashboardSettings.Configure)
            .AddOutgoingGrainCallFilter<SafeCallRetry>());
        return builder;
    }
}
