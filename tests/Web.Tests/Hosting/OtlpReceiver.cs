using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace CoursePortal.Web.Tests.Hosting;

/// <summary>A stand-in OpenTelemetry collector on a loopback port: accepts OTLP over HTTP (protobuf) and keeps each
/// request's path and body. Protobuf keeps strings as UTF-8 bytes, so names can be found in the body as text.</summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, string Body)> _requests = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        var port = LocalModeFactory.FreePort();
        Endpoint = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Endpoint);
        _listener.Start();
        _loop = Task.Run(ReceiveAsync);
    }

    public string Endpoint { get; }

    /// <summary>The bodies received on <paramref name="path"/> (e.g. <c>/v1/metrics</c>), as Latin-1 text.</summary>
    public IEnumerable<string> Bodies(string path) => _requests.Where(r => r.Path == path).Select(r => r.Body);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        _listener.Close();
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _requests.Enqueue((context.Request.Url!.AbsolutePath, Encoding.Latin1.GetString(body.ToArray())));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
