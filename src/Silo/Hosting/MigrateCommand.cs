using CoursePortal.Hosting;
using CoursePortal.Grains.Database;

namespace CoursePortal.Silo.Hosting;

/// <summary><c>dotnet run --project src/Silo -- migrate</c>: applies pending migrations and exits.</summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var builder = Host.CreateApplicationBuilder(args.Skip(1).ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCoursePortalDatabase(builder.Configuration);
        builder.Services.AddSingleton<SchemaMigrator>();
        using var host = builder.Build();
        var dataSource = host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        await DatabaseProbe.EnsureReachableAsync(dataSource, CancellationToken.None);
        var applied = await host.Services.GetRequiredService<SchemaMigrator>().ApplyAsync(Migration.Embedded);
        await output.WriteLineAsync(applied.Count == 0
            ? $"schema is up to date (version {Migration.Embedded[^1].Version})"
            : $"applied {string.Join(", ", applied.Select(m => m.Name))}");
        return 0;
    }
}
