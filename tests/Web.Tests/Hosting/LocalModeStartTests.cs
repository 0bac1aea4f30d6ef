using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Web.Tests.Hosting;

/// <summary>Local mode (in memory, demo accounts) is a trial: it starts in Development or when asked for with
/// LocalMode:Enabled=true, never because a production connection string went missing; and its demo accounts get a
/// password nobody else knows unless LocalMode:DemoPassword sets one.</summary>
public sealed partial class LocalModeStartTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Testing")]
    public async Task AStartWithoutAConnectionStringOutsideDevelopmentStopsWithOneLineNamingTheKey(string environment)
    {
        var (exitCode, output, errors) = await RunWebAsync(environment);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(errors);
        Assert.StartsWith("CoursePortal cannot start: ConnectionStrings:CoursePortal is not set.", line, StringComparison.Ordinal);
        Assert.Contains("LocalMode:Enabled=true", line, StringComparison.Ordinal);
        Assert.DoesNotContain(output, l => l.Contains("demo", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ACoHostedStartWithoutAConnectionStringStopsEvenWhereLocalModeWouldStart()
    {
        var (exitCode, output, errors) = await RunWebAsync(Environments.Development, ("Orleans__CoHosted", "true"));

        Assert.Equal(2, exitCode);
        var line = Assert.Single(errors);
        Assert.StartsWith("CoursePortal cannot start: Orleans:CoHosted=true makes the web a silo of the PostgreSQL cluster, but ConnectionStrings:CoursePortal is not set.", line, StringComparison.Ordinal);
        Assert.DoesNotContain(output, l => l.Contains("demo", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void LocalModeStartsInDevelopmentOrWhenEnabledAndAnExplicitNoWins()
    {
        static PortalMode Mode(string environment, params (string Key, string Value)[] settings) => PortalMode.FromConfiguration(
            new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build(),
            new Environment(environment));

        Assert.True(Mode(Environments.Development).IsLocal);
        Assert.True(Mode(Environments.Production, ("LocalMode:Enabled", "true")).IsLocal);
        Assert.False(Mode(Environments.Production, ("ConnectionStrings:CoursePortal", "Host=db")).IsLocal);
        Assert.False(Mode(Environments.Production, ("ConnectionStrings:CoursePortal", "Host=db")).IsCoHosted);
        Assert.True(Mode(Environments.Production, ("ConnectionStrings:CoursePortal", "Host=db"), ("Orleans:CoHosted", "true")).IsCoHosted);
        Assert.Throws<CoursePortal.Hosting.StartupException>(() => Mode(Environments.Development, ("LocalMode:Enabled", "true"), ("Orleans:CoHosted", "true")));
        Assert.Throws<CoursePortal.Hosting.StartupException>(() => Mode(Environments.Production, ("ConnectionStrings:CoursePortal", "Host=db"), ("Orleans:CoHosted", "yes")));
        Assert.Throws<CoursePortal.Hosting.StartupException>(() => Mode(Environments.Development, ("LocalMode:Enabled", "false")));
        Assert.Throws<CoursePortal.Hosting.StartupException>(() => Mode(Environments.Staging));
        var weak = Assert.Throws<CoursePortal.Hosting.StartupException>(() => Mode(Environments.Development, ("LocalMode:DemoPassword", "demo")));
        Assert.StartsWith("LocalMode:DemoPassword is too weak", weak.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutADemoPasswordEachStartPrintsARandomOneOnceAndItSignsIn()
    {
        await using var first = new DemoPortal(demoPassword: null);
        await using var second = new DemoPortal(demoPassword: null);

        var password = await first.SignInWithLoggedPasswordAsync();
        var other = await second.SignInWithLoggedPasswordAsync();

        Assert.NotEqual(password, other);
        Assert.NotEqual(LocalModeFactory.DemoPassword, password);
        Assert.True(password.Length >= 20, password);
        using var client = first.CreateClient();
        using var refused = await client.PostAsJsonAsync(new Uri("/v1/session", UriKind.Relative), new { email = "admin@demo.local", password = LocalModeFactory.DemoPassword });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task ASetDemoPasswordIsTheOneUsedAndPrinted()
    {
        await using var portal = new DemoPortal(demoPassword: "Fixed-Trial-Password-7");

        Assert.Equal("Fixed-Trial-Password-7", await portal.SignInWithLoggedPasswordAsync());
    }

    /// <summary>Runs the web's own entry point as a process with no connection string and no local mode settings, and
    /// with <paramref name="variables"/>.</summary>
    private static async Task<(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Errors)> RunWebAsync(
        string environment, params (string Name, string Value)[] variables)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CoursePortal.Web.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{LocalModeFactory.FreePort()}");
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
            || k.StartsWith("LocalMode__", StringComparison.Ordinal) || k is "DOTNET_ENVIRONMENT").ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        foreach (var (name, value) in variables)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the web did not stop: {await output}");
        }

        static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (process.ExitCode, Lines(await output), Lines(await errors));
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "CoursePortal.Web";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    /// <summary>Local mode asked for in the Testing environment, with or without a fixed demo password; keeps what it logs.</summary>
    private sealed partial class DemoPortal(string? demoPassword) : WebApplicationFactory<Program>
    {
        private readonly LogLines _lines = new();

        /// <summary>Reads the demo password from the one log line that shows it, and signs in as every demo account with it.</summary>
        public async Task<string> SignInWithLoggedPasswordAsync()
        {
            _ = Server;
            var lines = _lines.Lines.Where(l => l.StartsWith("Local mode demo accounts:", StringComparison.Ordinal)).ToList();
            var match = PasswordPattern().Match(Assert.Single(lines));
            Assert.True(match.Success, lines[0]);
            var password = match.Groups["password"].Value;
            foreach (var (email, _, _) in AccountBootstrap.DemoAccounts)
            {
                Assert.Contains(email, lines[0], StringComparison.Ordinal);
                using var client = CreateClient();
                await client.SignInThroughApiAsync(email, password);
            }

            return password;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            LocalModeFactory.UseLocalMode(builder);
            builder.UseSetting("LocalMode:DemoPassword", demoPassword ?? "");
            builder.ConfigureLogging(logging => logging.AddProvider(_lines));
        }

        [GeneratedRegex(@"password: (?<password>\S+)$")]
        private static partial Regex PasswordPattern();
    }

    /// <summary>Keeps every warning logged, as text.</summary>
    private sealed class LogLines : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(Lines);

        public void Dispose()
        {
        }

        private sealed class Collector(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lines.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
