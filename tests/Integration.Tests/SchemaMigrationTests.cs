using CoursePortal.Integration.Tests.Infrastructure;
using CoursePortal.Grains.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CoursePortal.Integration.Tests;

public sealed class SchemaMigrationTests : IAsyncLifetime
{
    // Everything the migrations define: tables and columns, indexes, functions, the provider queries, and the version log.
    private const string SchemaFingerprint = """
        SELECT md5(string_agg(line, E'\n' ORDER BY line)) FROM (
            SELECT format('col %s.%s %s %s %s', table_name, column_name, data_type, is_nullable, column_default) AS line
              FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT 'idx ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL SELECT format('fn %s %s', p.proname, md5(p.prosrc)) FROM pg_proc p
              JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
            UNION ALL SELECT format('query %s %s', querykey, md5(querytext)) FROM orleansquery
            UNION ALL SELECT format('version %s %s %s %s', version, name, checksum, applied_at) FROM schema_version
        ) AS parts
        """;

    private PostgresServer _server = null!;
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.GetAsync();
        _connectionString = await _server.CreateDatabaseAsync("cp_schema");
    }

    public Task DisposeAsync() => _server.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task MigrationsApplyTwiceWithNoChange()
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);

        var first = await migrator.ApplyAsync(Migration.Embedded);
        var afterFirst = await FingerprintAsync(dataSource);
        var second = await migrator.ApplyAsync(Migration.Embedded);
        var afterSecond = await FingerprintAsync(dataSource);

        Assert.Equal(Migration.Embedded.Select(m => m.Version), first.Select(m => m.Version));
        Assert.Empty(second);
        Assert.Equal(afterFirst, afterSecond);
        Assert.Equal(Migration.Embedded.Select(m => m.Version), await migrator.ReadVersionsAsync());
    }

    [Fact]
    public async Task EveryScriptIsIdempotentOnItsOwn()
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).ApplyAsync(Migration.Embedded);
        var before = await FingerprintAsync(dataSource);

        // As an operator re-running a script by hand would.
        foreach (var migration in Migration.Embedded)
        {
            await using var command = dataSource.CreateCommand(migration.Sql);
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(before, await FingerprintAsync(dataSource));
    }

    [Fact]
    public async Task SilosMigratingAtOnceDoNotCollide()
    {
        var database = await _server.CreateDatabaseAsync("cp_race");
        try
        {
            var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(database)).ToList();
            using var start = new Barrier(sources.Count);
            var runs = sources.Select(source => Task.Run(async () =>
            {
                start.SignalAndWait();
                return await new SchemaMigrator(source, NullLogger<SchemaMigrator>.Instance).ApplyAsync(Migration.Embedded);
            }));

            var applied = await Task.WhenAll(runs);

            Assert.Single(applied, a => a.Count == Migration.Embedded.Count);
            Assert.All(applied.Where(a => a.Count != Migration.Embedded.Count), Assert.Empty);
            await using var check = sources[0].CreateCommand("SELECT count(*) FROM schema_version");
            Assert.Equal((long)Migration.Embedded.Count, await check.ExecuteScalarAsync());
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
        finally
        {
            await _server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task EveryQueryTheProvidersRequireIsPresent()
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).ApplyAsync(Migration.Embedded);
        string[] required =
        [
            "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
            "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
            "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
            "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
            "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
            "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];

        var present = new List<string>();
        await using var command = dataSource.CreateCommand("SELECT querykey FROM orleansquery");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            present.Add(reader.GetString(0));
        }

        Assert.Empty(required.Except(present));
    }

    private static async Task<string> FingerprintAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(SchemaFingerprint);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
