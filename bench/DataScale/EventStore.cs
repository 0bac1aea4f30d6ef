using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace CoursePortal.DataScale;

/// <summary>learning_events as the migrator made it: monthly partitions made ahead when the schema has them, the rows
/// bulk-written with binary COPY, the read models rebuilt when the schema has a rebuild function, then VACUUM ANALYZE
/// (the visibility map and statistics a long-lived table has).</summary>
public sealed class EventStore(NpgsqlDataSource database)
{
    private const string Copy = """
        COPY learning_events (event_id, occurred_at, recorded_at, kind, actor_id, user_id, package_id, package_version,
                              course_id, course_version, lesson_id, details) FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>Calls the partition function over [from, to) when it exists; answers whether it did.</summary>
    public async Task<bool> CreatePartitionsAsync(string function, DateTime from, DateTime to)
    {
        await using var probe = database.CreateCommand("SELECT to_regproc(@name) IS NOT NULL");
        probe.Parameters.AddWithValue("name", function);
        if (!(bool)(await probe.ExecuteScalarAsync())!)
        {
            return false;
        }

        await using var call = database.CreateCommand($"SELECT {Quote(function)}(@from, @to)");
        call.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, from);
        call.Parameters.AddWithValue("to", NpgsqlDbType.TimestampTz, to);
        await call.ExecuteNonQueryAsync();
        return true;
    }

    /// <summary>Writes the rows with one binary COPY (synchronous: the importer buffers, and a whole chunk goes at once).</summary>
    public long Write(IReadOnlyList<Row> rows)
    {
        using var connection = database.OpenConnection();
        using var writer = connection.BeginBinaryImport(Copy);
        foreach (var row in rows)
        {
            writer.StartRow();
            writer.Write(row.EventId, NpgsqlDbType.Uuid);
            writer.Write(row.OccurredAt, NpgsqlDbType.TimestampTz);
            writer.Write(row.RecordedAt, NpgsqlDbType.TimestampTz);
            writer.Write(row.Kind, NpgsqlDbType.Text);
            Text(writer, row.ActorId);
            Text(writer, row.UserId);
            Text(writer, row.PackageId);
            Number(writer, row.PackageVersion);
            Text(writer, row.CourseId);
            Number(writer, row.CourseVersion);
            Text(writer, row.LessonId);
            writer.Write(row.Details, NpgsqlDbType.Jsonb);
        }

        return (long)writer.Complete();
    }

    /// <summary>Drops learning_events' indexes that back no constraint and answers their definitions, for
    /// <see cref="CreateIndexesAsync"/> to make again after the COPY: as a bulk load would, so each index is built
    /// sorted and packed (about two thirds of the size it grows to row by row; at 100M events the difference is 15 GB of
    /// disk). The primary key stays, so the COPY still refuses a duplicate event.</summary>
    public async Task<List<(string Name, string Definition)>> DropIndexesAsync()
    {
        var indexes = new List<(string, string)>();
        await using (var command = database.CreateCommand("""
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
             WHERE i.indrelid = 'learning_events'::regclass
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
             ORDER BY 1
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await using var drop = database.CreateCommand($"DROP INDEX {name}");
            await drop.ExecuteNonQueryAsync();
        }

        return indexes;
    }

    /// <summary>Makes the indexes <see cref="DropIndexesAsync"/> dropped, from their own definitions, one at a time.</summary>
    public async Task CreateIndexesAsync(IEnumerable<(string Name, string Definition)> indexes)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using (var memory = new NpgsqlCommand("SET maintenance_work_mem = '1GB'", connection))
        {
            await memory.ExecuteNonQueryAsync();
        }

        foreach (var (_, definition) in indexes)
        {
            // A partitioned table's definition reads "ON ONLY", which makes an empty, invalid parent index and builds
            // nothing on the partitions.
            await using var create = new NpgsqlCommand(definition.Replace(" ON ONLY ", " ON ", StringComparison.Ordinal), connection) { CommandTimeout = 0 };
            await create.ExecuteNonQueryAsync();
        }

        await using var check = new NpgsqlCommand("""
            SELECT count(*) FROM pg_index i JOIN pg_partition_tree('learning_events') t ON t.relid = i.indrelid WHERE NOT i.indisvalid
            """, connection);
        if ((long)(await check.ExecuteScalarAsync())! is var invalid and > 0)
        {
            throw new InvalidOperationException($"{invalid} indexes of learning_events are not valid after making them again");
        }
    }

    /// <summary>The read-model rebuild function <paramref name="function"/> (db/0009's report_rebuild when not given) when
    /// the schema has it without arguments; null when it does not.</summary>
    public async Task<string?> FindRebuildFunctionAsync(string? function)
    {
        await using var probe = database.CreateCommand(
            "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND pronargs = 0 AND proname = @name");
        probe.Parameters.AddWithValue("name", NpgsqlDbType.Text, function ?? "report_rebuild");
        return await probe.ExecuteScalarAsync() as string;
    }

    /// <summary>Turns the read models' row triggers on learning_events off or on. A COPY of millions of rows with them on
    /// pays one trigger call per row; off, then one rebuild from the whole log gives the same rows (the property test of
    /// ReportReadModelTests shows the rebuild equals what the triggers maintain).</summary>
    public async Task SetReadModelTriggersAsync(bool enabled)
    {
        await using var command = database.CreateCommand($"ALTER TABLE learning_events {(enabled ? "ENABLE" : "DISABLE")} TRIGGER USER");
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Recomputes the read models from learning_events with <paramref name="function"/>, in one transaction.</summary>
    public async Task RebuildReadModelsAsync(string function)
    {
        await using var call = database.CreateCommand($"SELECT {Quote(function)}()");
        call.CommandTimeout = 0;
        await call.ExecuteNonQueryAsync();
    }

    public async Task VacuumAnalyzeAsync()
    {
        await using var command = database.CreateCommand("VACUUM (ANALYZE)");
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every table's size with its indexes (a partitioned table summed over its partitions), largest first.</summary>
    public async Task<List<(string Table, long Bytes, long IndexBytes, long Rows)>> SizesAsync()
    {
        await using var command = database.CreateCommand("""
            SELECT c.relname,
                   CASE WHEN c.relkind = 'p'
                        THEN (SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0) FROM pg_partition_tree(c.oid) t)
                        ELSE pg_total_relation_size(c.oid) END::bigint,
                   CASE WHEN c.relkind = 'p'
                        THEN (SELECT coalesce(sum(pg_indexes_size(t.relid)), 0) FROM pg_partition_tree(c.oid) t)
                        ELSE pg_indexes_size(c.oid) END::bigint,
                   CASE WHEN c.relkind = 'p'
                        THEN (SELECT coalesce(sum(greatest(p.reltuples, 0)), 0) FROM pg_partition_tree(c.oid) t JOIN pg_class p ON p.oid = t.relid WHERE t.isleaf)
                        ELSE greatest(c.reltuples, 0) END::bigint
              FROM pg_class c
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
             ORDER BY 2 DESC
            """);
        var sizes = new List<(string, long, long, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sizes.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return sizes;
    }

    public static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("N0", CultureInfo.InvariantCulture) + " MB";

    private static void Text(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, NpgsqlDbType.Text);
        }
    }

    private static void Number(NpgsqlBinaryImporter writer, int? value)
    {
        if (value is { } number)
        {
            writer.Write(number, NpgsqlDbType.Integer);
        }
        else
        {
            writer.WriteNull();
        }
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
