using System.Collections.Concurrent;
using System.Globalization;
using CoursePortal.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Integration.Tests;

/// <summary>The README's first start by hand on a new PostgreSQL database: without the Bootstrap keys nobody could sign
/// in and nothing said why; now the log and the sign-in page name the keys, and with them the first administrator exists.</summary>
[Collection(CoHostedCollection.Name)]
public sealed class FirstStartTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public Task AFirstStartWithoutBootstrapKeysSaysWhichKeysToSetInTheLogAndOnTheSignInPage() => WithinDeadline(async () =>
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("cp_first");
        try
        {
            var logs = new Lines();
            await using (var web = CoHostedWeb(connectionString, new() { ["Bootstrap:AdminEmail"] = "", ["Bootstrap:AdminPassword"] = "" }))
            await using (var logged = web.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs))))
            {
                var signIn = await logged.CreateClient().GetStringAsync(new Uri("/Account/SignIn", UriKind.Relative));

                Assert.Contains("id=\"no-administrator\"", signIn, StringComparison.Ordinal);
                Assert.Contains("<code>Bootstrap:AdminEmail</code>", signIn, StringComparison.Ordinal);
                Assert.Contains("<code>Bootstrap:AdminPassword</code>", signIn, StringComparison.Ordinal);
                Assert.Contains(logs.Warnings, l => l.Contains("No administrator exists", StringComparison.Ordinal)
                    && l.Contains("Bootstrap:AdminEmail and Bootstrap:AdminPassword", StringComparison.Ordinal));
            }

            await using (var web = CoHostedWeb(connectionString, new()))
            {
                var admin = await web.SignedInClientAsync();
                Assert.True((await admin.GetAsync(new Uri("/v1/me", UriKind.Relative))).IsSuccessStatusCode);
                var signIn = await web.CreateClient().GetStringAsync(new Uri("/Account/SignIn", UriKind.Relative));
                Assert.DoesNotContain("no-administrator", signIn, StringComparison.Ordinal);
            }
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    });

    private static ClientModeWebFactory CoHostedWeb(string connectionString, Dictionary<string, string> settings)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        settings["Orleans:CoHosted"] = "true";
        settings["Orleans:SiloPort"] = RealSilo.FreePort().ToString(CultureInfo.InvariantCulture);
        settings["Orleans:GatewayPort"] = RealSilo.FreePort().ToString(CultureInfo.InvariantCulture);
        settings["Orleans:AdvertisedIP"] = "127.0.0.1";
        return new ClientModeWebFactory(connectionString, $"cluster-{id}", $"service-{id}", settings);
    }

    private static Task WithinDeadline(Func<Task> test) => test().WaitAsync(Deadline);

    /// <summary>The warnings the portal's own code logs.</summary>
    private sealed class Lines : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _warnings = new();

        public IReadOnlyCollection<string> Warnings => _warnings;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Lines owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && category.StartsWith("CoursePortal.", StringComparison.Ordinal);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    owner._warnings.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
