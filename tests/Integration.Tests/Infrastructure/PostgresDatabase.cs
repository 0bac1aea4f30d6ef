using CoursePortal.Grains.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>A fresh database with the db/ migrations applied, one per test collection.</summary>
public class PostgresDatabase : IAsyncLifetime
{
    private PostgresServer? _server;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.GetAsync();
        ConnectionString = await _server.CreateDatabaseAsync("cp_test");
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).ApplyAsync(Migration.Embedded);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null && ConnectionString.Length > 0)
        {
            await _server.DropDatabaseAsync(ConnectionString);
        }
    }

    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }
}
