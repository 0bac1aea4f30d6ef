using Npgsql;
using Orleans.Serialization;

namespace CoursePortal.Hosting;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Reads ConnectionStrings:CoursePortal, failing with a clear message when it is missing or
    /// malformed, and registers the one <see cref="NpgsqlDataSource"/> (a connection pool) of the process.
    /// </summary>
    public static string AddCoursePortalDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = RequireConnectionString(configuration);
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        // A database failure inside a grain (PostgreSQL down, a connection cut) must reach the caller as what it is,
        // so the web can answer 503; Orleans only carries exceptions of the namespaces it is told about.
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        return connectionString;
    }

    public static string RequireConnectionString(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(DatabaseSettings.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StartupException(
                $"ConnectionStrings:{DatabaseSettings.ConnectionStringName} is not set. Give the silo a PostgreSQL " +
                $"connection string, e.g. ConnectionStrings__{DatabaseSettings.ConnectionStringName}=\"Host=localhost;Database=courseportal;Username=courseportal;Password=…\".");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new StartupException(
                $"ConnectionStrings:{DatabaseSettings.ConnectionStringName} is not a valid PostgreSQL connection string: {ex.Message}", ex);
        }

        return connectionString;
    }
}
