using CoursePortal.Hosting;
using CoursePortal.Silo.Health;

namespace CoursePortal.Silo.Hosting;

public static class SiloWebHostExtensions
{
    /// <summary>Kestrel on Health:Port only, serving the silo's probes.</summary>
    public static WebApplicationBuilder AddSiloHealthEndpoint(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var health = builder.Configuration.GetSection(HealthSettings.Section).Get<HealthSettings>() ?? new HealthSettings();
        if (health.Port is < 0 or > 65535)
        {
            throw new StartupException($"{HealthSettings.Section}:Port {health.Port} is not a port number.");
        }

        builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(health.Port));
        builder.Services.AddHealthChecks()
            .AddDatabaseReadiness()
            .AddCheck<SiloActiveHealthCheck>("silo", tags: [HealthEndpointExtensions.ReadyTag]);
        return builder;
    }
}
