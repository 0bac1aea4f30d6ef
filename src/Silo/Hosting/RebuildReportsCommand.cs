using System.Diagnostics;

namespace CoursePortal.Silo.Hosting;

/// <summary><c>dotnet CoursePortal.Silo.dll rebuild-reports</c>: applies pending migrations, then recomputes the report read
/// models from learning_events in one transaction (<c>SELECT report_rebuild()</c>, db/0009) and exits. After a bulk load
/// with the triggers off, or to check them; events landing meanwhile wait for it and are projected after.</summary>
public static class RebuildReportsCommand
{
    public const string Name = "rebuild-reports";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var database = await DatabaseCommand.StartAsync(args);
        var watch = Stopwatch.StartNew();
        await using var command = database.DataSource.CreateCommand("SELECT report_rebuild()");
        // A rebuild reads the whole log: no timeout.
        command.CommandTimeout = 0;
        var placements = await command.ExecuteScalarAsync();
        await output.WriteLineAsync($"report read models rebuilt from learning_events: {placements} package placements in {watch.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }
}
