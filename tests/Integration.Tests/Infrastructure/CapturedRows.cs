using Npgsql;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>A grain-state row as an older release wrote it to <c>orleansstorage</c>, captured from that release's run.</summary>
public sealed record CapturedRow(int IdHash, int TypeHash, string Type, string Key, int Version, string Payload);

/// <summary>Puts rows an older release wrote back into a database as they were, so that a test shows the current code
/// carrying them over, rather than rows this release would write.</summary>
public static class CapturedRows
{
    public static async Task InsertAsync(PostgresDatabase database, string serviceId, IEnumerable<CapturedRow> rows)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(rows);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var row in rows)
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring,
                                            serviceid, payloadbinary, modifiedon, version)
                VALUES (@idHash, 0, 0, @typeHash, @type, @key, @service, convert_to(@payload, 'UTF8'), now(), @version)
                """, connection);
            insert.Parameters.AddWithValue("idHash", row.IdHash);
            insert.Parameters.AddWithValue("typeHash", row.TypeHash);
            insert.Parameters.AddWithValue("type", row.Type);
            insert.Parameters.AddWithValue("key", row.Key);
            insert.Parameters.AddWithValue("service", serviceId);
            insert.Parameters.AddWithValue("payload", row.Payload);
            insert.Parameters.AddWithValue("version", row.Version);
            await insert.ExecuteNonQueryAsync();
        }
    }
}
