using Microsoft.Extensions.Logging;
using Npgsql;

namespace CoursePortal.Grains.Database;

/// <summary>
/// Applies the pending db/ migrations in one transaction under a transaction-scoped advisory lock:
/// silos starting together queue on the lock, and the second finds nothing left to do.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    // Any fixed 64-bit number works; this one spells "CoursePortal schema" to whoever finds it in pg_locks.
    private const long AdvisoryLockKey = 0x436f_7572_7365_5053;

    /// <summary>Applies what is missing and returns the migrations it applied (empty when up to date).</summary>
    public async Task<IReadOnlyList<Migration>> ApplyAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAndPrepareAsync(connection, cancellationToken);

        var applied = await ReadAppliedAsync(connection, cancellationToken);
        var done = new List<Migration>();
        foreach (var migration in migrations)
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                {
                    LogChangedAfterApply(logger, migration.Name);
                }

                continue;
            }

            await ApplyOneAsync(connection, migration, cancellationToken);
            done.Add(migration);
        }

        await transaction.CommitAsync(cancellationToken);
        return done;
    }

    /// <summary>The versions recorded in schema_version, or none when the table does not exist yet.</summary>
    public async Task<IReadOnlyList<int>> ReadVersionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT to_regclass('schema_version') IS NOT NULL", connection);
        if (await command.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return [];
        }

        return [.. (await ReadAppliedAsync(connection, cancellationToken)).Keys.Order()];
    }

    // The lock is held until the transaction ends, so a second silo reads schema_version only after the first committed.
    private static async Task LockAndPrepareAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", AdvisoryLockKey));
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version     integer     PRIMARY KEY,
                name        text        NOT NULL,
                checksum    text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken);
    }

    private async Task ApplyOneAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        // No time limit: a script may copy a table (db/0008 moves every learning event into monthly partitions, minutes on
        // a large log), and a timeout would only roll the whole run back to start over.
        await using (var script = new NpgsqlCommand(migration.Sql, connection) { CommandTimeout = 0 })
        {
            await script.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(
            connection,
            "INSERT INTO schema_version (version, name, checksum) VALUES (@version, @name, @checksum)",
            cancellationToken,
            ("version", migration.Version),
            ("name", migration.Name),
            ("checksum", migration.Checksum));
        LogApplied(logger, migration.Name);
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_version", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Migration}")]
    private static partial void LogApplied(ILogger logger, string migration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database migration {Migration} was changed after it was applied; the database keeps the applied version. Add a new migration instead.")]
    private static partial void LogChangedAfterApply(ILogger logger, string migration);
}
