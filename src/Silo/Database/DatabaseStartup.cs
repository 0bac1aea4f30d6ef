using CoursePortal.Grains.Learning;
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

        // Only a schema whose write function appends the outbox's events lets the grains skip their own delivery; on an
        // older one (schema applied by hand, not yet) they keep delivering after each write.
        var versions = await services.GetRequiredService<SchemaMigrator>().ReadVersionsAsync(cancellationToken);
        services.GetRequiredService<PostgresLearningEventSink>().EventsTravelWithStateWrites = versions.Contains(Migration.EventsWithStateWrites);
    }
}
