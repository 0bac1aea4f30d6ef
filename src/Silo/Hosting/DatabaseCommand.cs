using CoursePortal.Grains.Database;
using CoursePortal.Hosting;
using Npgsql;

namespace CoursePortal.Silo.Hosting;

/// <summary>What the silo's database commands (<c>migrate</c>, <c>rebuild-reports</c>) share: the silo's connection
/// settings from the command line and environment, a reachable database, and the pending migrations applied.</summary>
internal sealed class DatabaseCommand : IDisposable
{
    private readonly IHost _host;

    private DatabaseCommand(IHost host, NpgsqlDataSource dataSource, IReadOnlyList<Migration> applied)
    {
        _host = host;
        DataSource = dataSource;
        Applied = applied;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The migrations this command applied (none when the schema was up to date).</summary>
    public IReadOnlyList<Migration> Applied { get; }

    /// <summary>Connects with the settings after the command's name in <paramref name="args"/> and applies what is pending.</summary>
    public static async Task<DatabaseCommand> StartAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args.Skip(1).ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCoursePortalDatabase(builder.Configuration);
        builder.Services.AddSingleton<SchemaMigrator>();
        var host = builder.Build();
        try
        {
            var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
            await DatabaseProbe.EnsureReachableAsync(dataSource, CancellationToken.None);
            var applied = await host.Services.GetRequiredService<SchemaMigrator>().ApplyAsync(Migration.Embedded);
            return new DatabaseCommand(host, dataSource, applied);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public void Dispose() => _host.Dispose();
}
