namespace CoursePortal.Hosting;

/// <summary>Runs a host's main body so that a <see cref="StartupException"/> ends the process with one
/// readable line and exit code 2 instead of a stack trace.</summary>
public static class StartupGuard
{
    public static async Task<int> RunAsync(Func<Task<int>> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        try
        {
            return await main();
        }
        catch (Exception ex) when (FindStartupException(ex) is { } startup)
        {
            await Console.Error.WriteLineAsync($"CoursePortal cannot start: {startup.Message}");
            return 2;
        }
    }

    private static StartupException? FindStartupException(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is StartupException startup)
            {
                return startup;
            }
        }

        return null;
    }
}
