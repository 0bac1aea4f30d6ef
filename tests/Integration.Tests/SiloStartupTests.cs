using CoursePortal.Integration.Tests.Infrastructure;

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
}
