using CoursePortal.Grains.Database;
using CoursePortal.Grains.Hosting;
using CoursePortal.Hosting;

namespace CoursePortal.Web.Hosting;

/// <summary>
/// <c>Orleans:CoHosted=true</c>: the web is a silo of the PostgreSQL cluster, wired exactly as src/Silo's silos
/// (<see cref="ClusterSilo"/>), and migrates the database at start like them. With local mode's silo, the only place the
/// web touches the grain classes' assembly (ArchitectureTests holds the web to that).
/// </summary>
public static class CoHostedSilo
{
    /// <summary>The cluster silo, with the client mode's call filters applied to the calls the web's requests make.</summary>
    public static WebApplicationBuilder AddCoHostedSilo(this WebApplicationBuilder builder, OrleansSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var connectionString = builder.Services.AddCoursePortalDatabase(builder.Configuration);
        builder.Services.AddHostedService<DatabasePreparation>();
        builder.UseCoursePortalClusterSilo(connectionString, settings, silo => silo
            // Registration order is call order: each attempt the retry makes gets its own deadline.
            .AddOutgoingGrainCallFilter<SafeCallRetry>()
            .AddOutgoingGrainCallFilter(new RequestCallDeadline(settings.ResponseTimeout)));
        return builder;
    }
}
