using System.Diagnostics;
using System.Text;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>
/// The real silo program (CoursePortal.Silo.dll, copied next to the tests by the project reference)
/// in its own OS process, so that a kill is a real SIGKILL: no shutdown code runs at all.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, int healthPort, int siloPort)
    {
        _process = process;
        HealthPort = healthPort;
        SiloPort = siloPort;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int HealthPort { get; }

    public int SiloPort { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the silo with the given settings (as environment variables) and does not wait for it.</summary>
    public static SiloProcess Start(
        IReadOnlyDictionary<string, string?> environment, int healthPort = 0, int siloPort = 0, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CoursePortal.Silo.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Nothing from the test runner's own configuration may leak into the silo.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k.StartsWith("Orleans__", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new SiloProcess(Process.Start(info)!, healthPort, siloPort);
    }

    /// <summary>Starts a clustered silo on free loopback ports and waits until /health/ready says 200.</summary>
    public static async Task<SiloProcess> StartReadyAsync(
        string connectionString, string clusterId, string serviceId, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var healthPort = RealSilo.FreePort();
        var siloPort = RealSilo.FreePort();
        var environment = new Dictionary<string, string?>
            {
                ["ConnectionStrings__CoursePortal"] = connectionString,
                ["Orleans__ClusterId"] = clusterId,
                ["Orleans__ServiceId"] = serviceId,
                ["Orleans__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Orleans__GatewayPort"] = RealSilo.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Orleans__AdvertisedIP"] = "127.0.0.1",
                ["Health__Port"] = healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Logging__LogLevel__Default"] = "Warning",
            };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var silo = Start(environment, healthPort, siloPort);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    if (silo._process.HasExited)
                    {
                        throw new InvalidOperationException($"The silo exited with {silo._process.ExitCode}: {silo.Output}");
                    }

                    try
                    {
                        return (await http.GetAsync(new Uri($"http://127.0.0.1:{healthPort}/health/ready"))).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(90),
                "the silo reports ready");
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return silo;
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as an orchestrator stops a container: the silo leaves the cluster gracefully and exits 0.</summary>
    public async Task<int> StopAsync(TimeSpan deadline)
    {
        using var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await signal.WaitForExitAsync();
        return await WaitForExitAsync(deadline);
    }

    /// <summary>SIGKILL: the silo gets no chance to leave the cluster or write anything.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
