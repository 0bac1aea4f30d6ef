using CoursePortal.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoursePortal.Silo.Database;

public static class DatabaseStartup
{
    /// <summary>
    /// Runs before the host starts the silo: proves the database answers, so an unreachable server
    /// stops the silo with one clear message, then applies pending migrations when
    /// <see cref="DatabaseSettings.ApplySchema"/> is on. The providers read their queries when the silo
    /// starts, so the schema has to be in place before it.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await DatabaseProbe.EnsureReachableAsync(dataSource, cancellationToken);
        if (services.GetRequiredService<IOptions<DatabaseSettings>>().Value.ApplySchema)
        {
            await services.GetRequiredService<SchemaMigrator>().ApplyAsync(Migration.Embedded, cancellationToken);
        }
    }
}
