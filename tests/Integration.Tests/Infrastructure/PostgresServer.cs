using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the integration tests use, one per test process: the server named by
/// COURSEPORTAL_TEST_POSTGRES when set, otherwise a throwaway cluster started here with initdb and
/// pg_ctl (through runuser as root, since PostgreSQL refuses to run as root) and removed at exit.
/// </summary>
public sealed class PostgresServer
{
    public const string EnvironmentVariable = "COURSEPORTAL_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);
    private readonly string? _dataRoot;
    private readonly string? _binDirectory;
    private readonly string _options;
    private readonly bool _asRoot;

    private PostgresServer(string adminConnectionString, string? dataRoot, string? binDirectory, string options = "", bool asRoot = false)
    {
        AdminConnectionString = adminConnectionString;
        _dataRoot = dataRoot;
        _binDirectory = binDirectory;
        _options = options;
        _asRoot = asRoot;
    }

    /// <summary>A connection string with the right to create and drop databases.</summary>
    public string AdminConnectionString { get; }

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>A throwaway server of the caller's own, even when COURSEPORTAL_TEST_POSTGRES names a shared one:
    /// for tests that stop and start the database under load.</summary>
    public static Task<PostgresServer> StartOwnAsync() => StartThrowawayAsync();

    /// <summary>Stops the server (fast shutdown: open connections are cut), as an outage; <see cref="StartAgainAsync"/> ends it.</summary>
    public Task StopForAWhileAsync() => RunPostgresToolAsync(OwnBin, _asRoot, "pg_ctl", "-D", Path.Combine(_dataRoot!, "data"), "-m", "fast", "-w", "-t", "60", "stop");

    /// <summary>Starts a stopped server again on the same port and data.</summary>
    public Task StartAgainAsync() => RunPostgresToolAsync(OwnBin, _asRoot, "pg_ctl", "-D", Path.Combine(_dataRoot!, "data"), "-l",
        Path.Combine(_dataRoot!, "server.log"), "-o", _options, "-w", "-t", "60", "start");

    private string OwnBin => _binDirectory ?? throw new InvalidOperationException("Only a server started by the tests can be stopped and started.");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return !string.IsNullOrWhiteSpace(external) ? new PostgresServer(external, null, null) : await StartThrowawayAsync();
    }

    private static async Task<PostgresServer> StartThrowawayAsync()
    {
        var bin = FindBinDirectory();
        RemoveAbandonedServers();
        var root = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        var data = Path.Combine(root, "data");
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot && !OperatingSystem.IsWindows())
        {
            // The postgres user must be able to reach and own what it uses.
            File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
            await RunAsync("chown", "postgres", root);
        }

        await RunPostgresToolAsync(bin, asRoot, "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync");
        // Durability settings are off because these servers are thrown away, never crashed at the OS level.
        var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        await RunPostgresToolAsync(bin, asRoot, "pg_ctl", "-D", data, "-l", Path.Combine(root, "server.log"), "-o", options, "-w", "-t", "60", "start");

        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=15", root, bin, options, asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(asRoot);
        return server;
    }

    private void Stop(bool asRoot)
    {
        if (_dataRoot is null || _binDirectory is null || !Directory.Exists(_dataRoot))
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            RunPostgresToolAsync(_binDirectory, asRoot, "pg_ctl", "-D", Path.Combine(_dataRoot, "data"), "-m", "immediate", "-w", "stop").GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already stopped (a test's outage that did not end); the files go either way.
        }

        Directory.Delete(_dataRoot, recursive: true);
    }

    private const string DirectoryPrefix = "courseportal-pg-";

    /// <summary>Deletes the files of earlier runs' servers that are no longer running: the exit handler does not always
    /// get to delete them (a test host the runner ends, a debugger stopped), and each holds 200 MB.</summary>
    private static void RemoveAbandonedServers()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var pidFile = Path.Combine(directory, "data", "postmaster.pid");
            var abandoned = File.Exists(pidFile)
                ? !IsRunning(File.ReadLines(pidFile).FirstOrDefault())
                : Directory.GetLastWriteTimeUtc(directory) < DateTime.UtcNow.AddMinutes(-10); // not one being made now
            if (abandoned)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another test process got there first, or the files are not ours to delete.
                }
            }
        }
    }

    private static bool IsRunning(string? pid)
    {
        try
        {
            return int.TryParse(pid, out var id) && !Process.GetProcessById(id).HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string FindBinDirectory()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        if (onPath is not null)
        {
            return onPath;
        }

        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            $"No PostgreSQL server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin. Install them " +
            $"(Debian: apt-get install postgresql) or set {EnvironmentVariable} to a connection string.");
    }

    private static Task RunPostgresToolAsync(string bin, bool asRoot, string tool, params string[] arguments) =>
        asRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. arguments])
            : RunAsync(Path.Combine(bin, tool), arguments);

    private static async Task RunAsync(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stdout}{await stderr}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
