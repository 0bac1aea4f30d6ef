using Npgsql;

namespace CoursePortal.Hosting;

/// <summary>Turns "the database is not there" into a message an operator can act on.</summary>
public static class DatabaseProbe
{
    public static async Task EnsureReachableAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            throw new StartupException(
                $"The database at {target.Host}:{target.Port} (database '{target.Database}', user '{target.Username}') " +
                $"cannot be reached: {ex.Message}. Check ConnectionStrings:{DatabaseSettings.ConnectionStringName} " +
                "and that PostgreSQL is running.",
                ex);
        }
    }
}
