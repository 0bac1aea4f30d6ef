using CoursePortal.Integration.Tests.Infrastructure;
using Npgsql;

namespace CoursePortal.Integration.Tests;

/// <summary>A silo that cannot work says why in one line and exits, instead of a stack trace.</summary>
public sealed class SiloStartupTests
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AMissingConnectionStringStopsTheSiloWithOneClearMessage()
    {
        await using var silo = SiloProcess.Start(new Dictionary<string, string?>());

        Assert.Equal(2, await silo.WaitForExitAsync(ExitDeadline));
        Assert.Contains("CoursePortal cannot start: ConnectionStrings:CoursePortal is not set", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadMailSettingStopsTheSiloWithOneLineNamingTheKey()
    {
        await using var silo = SiloProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__CoursePortal"] = $"Host=127.0.0.1;Port={RealSilo.FreePort()};Database=courseportal;Username=courseportal;Timeout=3",
            ["Mail__SmtpHost"] = "relay.example.com",
            ["Mail__From"] = "not an address",
        });

        Assert.Equal(2, await silo.WaitForExitAsync(ExitDeadline));
        Assert.Contains("CoursePortal cannot start: Mail:From 'not an address' is not a mail address.", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableDatabaseStopsTheSiloWithOneClearMessage()
    {
        var nothingListens = RealSilo.FreePort();
        await using var silo = SiloProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__CoursePortal"] = $"Host=127.0.0.1;Port={nothingListens};Database=courseportal;Username=courseportal;Timeout=3",
        });

        Assert.Equal(2, await silo.WaitForExitAsync(ExitDeadline));
        Assert.Contains($"The database at 127.0.0.1:{nothingListens}", silo.Output, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMigrateCommandAppliesTheSchemaOnceAndThenReportsItUpToDate()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("cp_migrate");
        try
        {
            var environment = new Dictionary<string, string?> { ["ConnectionStrings__CoursePortal"] = database };

            await using var first = SiloProcess.Start(environment, arguments: ["migrate"]);
            Assert.Equal(0, await first.WaitForExitAsync(ExitDeadline));
            await using var second = SiloProcess.Start(environment, arguments: ["migrate"]);
            Assert.Equal(0, await second.WaitForExitAsync(ExitDeadline));

            Assert.Contains("applied 0001_orleans_main", first.Output, StringComparison.Ordinal);
            Assert.Contains("schema is up to date", second.Output, StringComparison.Ordinal);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
    [Fact]
    public async Task TheRebuildReportsCommandGivesBackReadModelsThatEventsLoadedWithoutTheirTriggersMissed()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("cp_rebuild");
        try
        {
            var environment = new Dictionary<string, string?> { ["ConnectionStrings__CoursePortal"] = database };
            await using (var migrate = SiloProcess.Start(environment, arguments: ["migrate"]))
            {
                Assert.Equal(0, await migrate.WaitForExitAsync(ExitDeadline));
            }

            // A bulk load as an operator (or bench/DataScale) does it: the read models' triggers off while the rows go in.
            await using var dataSource = NpgsqlDataSource.Create(database);
            await using (var load = dataSource.CreateCommand("""
                ALTER TABLE learning_events DISABLE TRIGGER USER;
                INSERT INTO learning_events (event_id, occurred_at, kind, actor_id, user_id, package_id, package_version, course_id, course_version, details)
                VALUES (gen_random_uuid(), now() - interval '3 days', 'enrolled', 'admin', 'u1', 'p', 1, NULL, NULL, '{}'),
                       (gen_random_uuid(), now() - interval '2 days', 'course_started', 'u1', 'u1', NULL, NULL, 'c', 1, '{}'),
                       (gen_random_uuid(), now() - interval '1 day', 'course_completed', 'u1', 'u1', NULL, NULL, 'c', 1, '{}'),
                       (gen_random_uuid(), now() - interval '1 day', 'package_completed', 'u1', 'u1', 'p', 1, NULL, NULL, '{}'),
                       (gen_random_uuid(), now() - interval '3 days', 'enrolled', 'admin', 'u2', 'p', 1, NULL, NULL, '{}');
                ALTER TABLE learning_events ENABLE TRIGGER USER;
                """))
            {
                await load.ExecuteNonQueryAsync();
            }

            Assert.Equal("0/0", await ReadModelCountsAsync(dataSource));

            await using var rebuild = SiloProcess.Start(environment, arguments: ["rebuild-reports"]);
            Assert.Equal(0, await rebuild.WaitForExitAsync(ExitDeadline));

            Assert.Contains("report read models rebuilt from learning_events: 2 package placements", rebuild.Output, StringComparison.Ordinal);
            // Two learners placed on version 1, one of them completed; one learner with a completed course version.
            Assert.Equal("2/1", await ReadModelCountsAsync(dataSource));
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    private static async Task<string> ReadModelCountsAsync(NpgsqlDataSource dataSource)
    {
        await using var count = dataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM report_package_placements WHERE package_id = 'p' AND version = 1)
                   || '/' || (SELECT count(*) FROM report_course_learners WHERE course_id = 'c' AND completed_at IS NOT NULL)
            """);
        return (string)(await count.ExecuteScalarAsync())!;
    }
}
