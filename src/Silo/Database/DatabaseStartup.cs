using CoursePortal.Silo.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoursePortal.Silo.Database;

/// <summary>
/// Runs before the Orleans silo starts (it is registered first): proves the database answers, so an
/// unreachable server stops the silo with one clear message, then applies pending migrations when
/// <see cref="DatabaseSettings.ApplySchema"/> is on. The providers read their queries at start-up,
/// so the schema has to be in place before them.
/// </summary>
public sealed class DatabaseStartup(
    NpgsqlDataSource dataSource, SchemaMigrator migrator, IOptions<DatabaseSettings> settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await DatabaseProbe.EnsureReachableAsync(dataSource, cancellationToken);
        if (settings.Value.ApplySchema)
        {
            await migrator.ApplyAsync(Migration.Embedded, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
