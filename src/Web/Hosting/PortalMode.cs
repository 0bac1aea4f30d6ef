using CoursePortal.Silo.Hosting;

namespace CoursePortal.Web.Hosting;

/// <summary>How this web process reaches the grains: as a client of a PostgreSQL-backed cluster, or
/// (local mode, no connection string) through a silo it co-hosts with everything kept in memory.</summary>
public sealed record PortalMode(bool IsLocal)
{
    public const string LocalModeNotice = "local mode: data is kept in memory";

    public static PortalMode FromConfiguration(IConfiguration configuration) =>
        new(string.IsNullOrWhiteSpace(configuration.GetConnectionString(DatabaseSettings.ConnectionStringName)));
}
