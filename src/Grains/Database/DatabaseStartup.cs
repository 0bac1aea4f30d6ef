using CoursePortal.Grains.Learning;
using CoursePortal.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoursePortal.Grains.Database;

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

/// <summary>
/// <see cref="DatabaseStartup.PrepareDatabaseAsync"/> for a host that co-hosts its silo (the web with
/// <c>Orleans:CoHosted</c>): it runs in the host's starting phase, which ends before any hosted service starts, so the
/// schema is in place before the silo's providers read their queries, whichever order the services were added in.
/// </summary>
public sealed class DatabasePreparation(IServiceProvider services) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => services.PrepareDatabaseAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
