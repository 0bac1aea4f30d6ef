using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CoursePortal.Browser.Tests;

/// <summary>The portal in local mode as its own process on a free loopback port, as a person would run it.</summary>
public sealed class PortalProcess : IAsyncLifetime
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public Uri BaseAddress { get; private set; } = null!;

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

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CoursePortal.Web.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(BaseAddress.ToString());
        // The site's stylesheets and scripts live in the web project's wwwroot, not in the test output.
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(WebProjectDirectory());
        info.Environment["Orleans__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Orleans__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["DOTNET_gcServer"] = "0";
        // Many journeys (and the load generator's smoke run) sign in from one address; the limit has a test of its own.
        info.Environment["Security__SignInAttemptsPerMinute"] = "10000";
        info.Environment["Security__LearnerWritesPerMinute"] = "100000";
        info.Environment.Remove("ConnectionStrings__CoursePortal");
        // Run as Production (no ASPNETCORE_ENVIRONMENT), local mode has to be asked for; the journeys know the password.
        info.Environment["LocalMode__Enabled"] = "true";
        info.Environment["LocalMode__DemoPassword"] = Journeys.Password;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            Assert.False(_process.HasExited, $"the portal exited: {Output}");
            try
            {
                if ((await http.GetAsync(new Uri("health/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"the portal did not get ready: {Output}");
            await Task.Delay(250);
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        return Task.CompletedTask;
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

    private static string WebProjectDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CoursePortal.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("CoursePortal.sln not found above the test output."), "src", "Web");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
