using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>A real SMTP server in the test process (the SmtpServer package) on a free loopback port. Every message it accepts
/// is parsed back with MimeKit; while <see cref="Refusing"/> it answers each message with a temporary failure, as a relay
/// that is down for maintenance would. Grains.Tests compiles this file too (its enrollment notices go to one).</summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private int _refused;

    private TestSmtpServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port))).Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>While true, every message is refused with 451 (try again later).</summary>
    public bool Refusing { get; set; }

    public int Refused => Volatile.Read(ref _refused);

    public IReadOnlyList<MimeMessage> Received => [.. _received];

    /// <summary>The settings that point a silo's mail at this server, without TLS, retrying after <paramref name="retryDelay"/>.</summary>
    public Dictionary<string, string?> MailSettings(TimeSpan retryDelay, int maxAttempts = 8) => new()
    {
        ["Mail:SmtpHost"] = "127.0.0.1",
        ["Mail:SmtpPort"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:UseTls"] = "false",
        ["Mail:From"] = "CoursePortal <learning@portal.example>",
        ["Mail:RetryDelay"] = retryDelay.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:MaxRetryDelay"] = (retryDelay * 4).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:TimeoutSeconds"] = "10",
        ["Portal:PublicUrl"] = "https://learn.portal.example/",
    };

    public static TestSmtpServer Start()
    {
        // A port the system had free, released before the server binds it.
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new(port);
    }

    /// <summary>The messages whose notice header is <paramref name="key"/>.</summary>
    public IReadOnlyList<MimeMessage> For(string key) => [.. _received.Where(m => m.Headers["X-CoursePortal-Notice"] == key)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (server.Refusing)
            {
                Interlocked.Increment(ref server._refused);
                return new SmtpResponse(SmtpReplyCode.Aborted, "Local problem, try again later");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            server._received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
