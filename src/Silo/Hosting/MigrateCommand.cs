using CoursePortal.Grains.Database;

namespace CoursePortal.Silo.Hosting;

/// <summary><c>dotnet run --project src/Silo -- migrate</c>: applies pending migrations and exits.</summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var command = await DatabaseCommand.StartAsync(args);
        await output.WriteLineAsync(command.Applied.Count == 0
            ? $"schema is up to date (version {Migration.Embedded[^1].Version})"
            : $"applied {string.Join(", ", command.Applied.Select(m => m.Name))}");
        return 0;
    }
}
