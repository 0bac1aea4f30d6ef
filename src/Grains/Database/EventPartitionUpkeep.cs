using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CoursePortal.Grains.Database;

/// <summary>
/// Keeps learning_events' monthly partitions created ahead (db/0008's learning_events_upkeep): when the silo starts and
/// then daily, the current month and <see cref="MonthsAhead"/> more exist, and months whose events waited in the default
/// partition get their own. A hosted service rather than a grain reminder: it is upkeep of the database, not of any
/// grain's state; every silo runs it, which costs one short transaction a day each and needs no placement or reminder
/// row, and the function serializes silos on an advisory lock and does nothing when all months exist.
/// </summary>
public sealed partial class EventPartitionUpkeep(NpgsqlDataSource dataSource, ILogger<EventPartitionUpkeep> logger) : BackgroundService
{
    /// <summary>Months created ahead of the current one: a silo that stops running its upkeep for up to this long still
    /// writes every event into its month (after that, into the default partition, from which the next upkeep moves them).</summary>
    public const int MonthsAhead = 3;

    private static readonly TimeSpan Interval = TimeSpan.FromDays(1);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromHours(1);

    /// <summary>Runs the upkeep once: returns how many partitions it created.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Attaching a month locks the default partition exclusively; behind a long export's read it would queue every
        // query that reads the default partition. Giving up after a few seconds costs nothing: months exist well ahead.
        await using (var timeout = new NpgsqlCommand("SET LOCAL lock_timeout = '5s'", connection, transaction))
        {
            await timeout.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand("SELECT learning_events_upkeep(@ahead)", connection, transaction);
        command.Parameters.AddWithValue("ahead", MonthsAhead);
        var created = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Interval;
            try
            {
                var created = await RunOnceAsync(stoppingToken);
                if (created > 0)
                {
                    LogCreated(logger, created);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // A database not migrated to db/0008 yet (42883), an outage or a lock timeout: events still land (in
                // their month, or the default partition), so this only waits for the next try.
                LogFailed(logger, RetryInterval, ex);
                wait = RetryInterval;
            }

            await Task.Delay(wait, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Count} learning_events partitions")]
    private static partial void LogCreated(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "learning_events partition upkeep failed; trying again in {Delay}")]
    private static partial void LogFailed(ILogger logger, TimeSpan delay, Exception exception);
}
