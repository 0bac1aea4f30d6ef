using CoursePortal.Grains.Database;
using CoursePortal.Grains.Hosting;
using CoursePortal.Hosting;

namespace CoursePortal.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// A production silo: membership, grain state (System.Text.Json) and reminders in PostgreSQL (see
    /// <see cref="ClusterSilo.UseCoursePortalClusterSilo"/>, which a co-hosted web shares). Fails with a
    /// <see cref="StartupException"/> when a setting is missing or invalid. Call
    /// <see cref="DatabaseStartup.PrepareDatabaseAsync"/> on the built host before starting it.
    /// </summary>
    public static IHostApplicationBuilder AddCoursePortalSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = builder.Services.AddCoursePortalDatabase(builder.Configuration);
        var settings = builder.Configuration.ReadOrleansSettings();
        builder.AddCoursePortalTelemetry("courseportal-silo");
        return builder.UseCoursePortalClusterSilo(connectionString, settings);
    }
}
