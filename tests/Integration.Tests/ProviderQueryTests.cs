using System.Data;
using CoursePortal.Integration.Tests.Infrastructure;
using Npgsql;

namespace CoursePortal.Integration.Tests;

/// <summary>
/// The hardening our schema adds over the upstream scripts, exercised through the stored query texts
/// with parameters bound the way the Orleans ADO.NET providers bind them.
/// </summary>
public sealed class ProviderQueryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task RacingFirstWritesOfOneGrainLeaveOneRowAndFailTheLoser()
    {
        var key = $"probe:{Guid.NewGuid():N}";

        var winner = await RunQueryAsync<int?>("WriteToStorageKey", StorageIdentity(key, version: null, payload: "{\"Value\":1}"));
        var loser = await RunQueryAsync<int?>("WriteToStorageKey", StorageIdentity(key, version: null, payload: "{\"Value\":2}"));

        Assert.Equal(1, winner);
        Assert.Null(loser);
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = @key", ("key", key)));
    }

    [Fact]
    public async Task AStaleWriteIsRefusedAndAClearedRowKeepsItsVersion()
    {
        var key = $"probe:{Guid.NewGuid():N}";
        var v1 = await RunQueryAsync<int?>("WriteToStorageKey", StorageIdentity(key, null, "{}"));
        var v2 = await RunQueryAsync<int?>("WriteToStorageKey", StorageIdentity(key, v1, "{}"));
        var stale = await RunQueryAsync<int?>("WriteToStorageKey", StorageIdentity(key, v1, "{}"));
        var cleared = await RunQueryAsync<int?>("ClearStorageKey", StorageIdentity(key, v2, null));
        var readVersion = await RunQueryAsync<int?>("ReadFromStorageKey", StorageIdentity(key, null, null), column: "Version");

        Assert.Equal((1, 2), (v1, v2));
        Assert.Null(stale);
        Assert.Equal(3, cleared);
        Assert.Equal(3, readVersion);
    }

    [Fact]
    public async Task AStaleMembershipInsertLeavesNoRowEvenWithAssertionsOff()
    {
        var cluster = $"cluster-{Guid.NewGuid():N}";
        Assert.Equal(1, await RunQueryAsync<int>("InsertMembershipVersionKey", [("DeploymentId", DbType.String, cluster)], checkAssertsOff: true));

        var first = await RunQueryAsync<int>("InsertMembershipKey", Member(cluster, port: 11111, version: 0), checkAssertsOff: true);
        var stale = await RunQueryAsync<int>("InsertMembershipKey", Member(cluster, port: 11112, version: 0), checkAssertsOff: true);

        Assert.Equal(1, first);
        Assert.Equal(0, stale);
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @c", ("c", cluster)));
        Assert.Equal(1, await database.ScalarAsync<int>("SELECT version FROM orleansmembershipversiontable WHERE deploymentid = @c", ("c", cluster)));
    }

    private static (string, DbType, object?)[] StorageIdentity(string key, int? version, string? payload) =>
    [
        ("GrainIdHash", DbType.Int32, key.GetHashCode(StringComparison.Ordinal)),
        ("GrainIdN0", DbType.Int64, 0L),
        ("GrainIdN1", DbType.Int64, 0L),
        ("GrainTypeHash", DbType.Int32, 42),
        ("GrainTypeString", DbType.String, "probe"),
        ("GrainIdExtensionString", DbType.String, key),
        ("ServiceId", DbType.String, "tests"),
        ("GrainStateVersion", DbType.Int32, version),
        ("PayloadBinary", DbType.Binary, payload is null ? null : System.Text.Encoding.UTF8.GetBytes(payload)),
    ];

    private static (string, DbType, object?)[] Member(string cluster, int port, int version) =>
    [
        ("DeploymentId", DbType.String, cluster),
        ("Address", DbType.String, "127.0.0.1"),
        ("Port", DbType.Int32, port),
        ("Generation", DbType.Int32, 1),
        ("SiloName", DbType.String, $"silo-{port}"),
        ("HostName", DbType.String, "localhost"),
        ("Status", DbType.Int32, 2),
        ("ProxyPort", DbType.Int32, port + 1000),
        ("StartTime", DbType.DateTime, DateTime.UtcNow),
        ("IAmAliveTime", DbType.DateTime, DateTime.UtcNow),
        ("Version", DbType.Int32, version),
    ];

    private async Task<T> RunQueryAsync<T>(
        string queryKey, (string Name, DbType Type, object? Value)[] parameters, string? column = null, bool checkAssertsOff = false)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        if (checkAssertsOff)
        {
            await using var off = new NpgsqlCommand("SET plpgsql.check_asserts = off", connection);
            await off.ExecuteNonQueryAsync();
        }

        await using var lookup = new NpgsqlCommand("SELECT querytext FROM orleansquery WHERE querykey = @key", connection);
        lookup.Parameters.AddWithValue("key", queryKey);
        var text = (string)(await lookup.ExecuteScalarAsync())!;

        await using var command = new NpgsqlCommand(text, connection);
        foreach (var (name, type, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        }

        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"{queryKey} returned no row");
        var ordinal = column is null ? 0 : reader.GetOrdinal(column);
        var result = reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
        return result is null ? default! : (T)Convert.ChangeType(result, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
