using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>One request the receiver took: the event it carried (or the batch of statements), whether its signature held,
/// and what the receiver answered.</summary>
public sealed record ReceivedDelivery(string Path, string? EventId, string? DeliveryId, string? UserId, string? Kind, bool SignatureValid, int Answered,
    string Body, string? Authorization, string? XapiVersion);

/// <summary>
/// A webhook receiver (and fake LRS) in the test process: Kestrel on a free loopback port. Every request's signature is
/// checked with <see cref="CheckSignature"/>, the lines README's "Webhooks" section shows (a test holds them to it). It can
/// answer 500 for a while (<see cref="Failing"/>) or hold every request until released (<see cref="Holding"/>).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedDelivery> _received = new();
    private int _arrived;

    private WebhookReceiver(WebApplication app, string secret)
    {
        _app = app;
        Secret = secret;
    }

    public string Secret { get; set; }

    public string Url { get; private set; } = "";

    /// <summary>While true every request is answered 500 (after being recorded).</summary>
    public bool Failing { get; set; }

    /// <summary>When set, the events of this user are answered 500 (after being recorded).</summary>
    public string? FailingUser { get; set; }

    /// <summary>When set, every request waits for it before answering.</summary>
    public TaskCompletionSource? Holding { get; set; }

    public IReadOnlyList<ReceivedDelivery> Received => [.. _received];

    /// <summary>Requests that arrived, answered or not (a held one whose sender went away is never answered).</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    /// <summary>The requests answered 2xx.</summary>
    public IReadOnlyList<ReceivedDelivery> Accepted => [.. _received.Where(r => r.Answered is >= 200 and < 300)];

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret);
        app.MapPost("/{**path}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    // README, "Webhooks": the receiver's check, word for word.
    public static bool CheckSignature(string secret, string timestamp, string body, string signature)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        var expected = "v1=" + Convert.ToHexStringLower(hash);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(signature));
    }
    // End of README's lines.

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var timestamp = request.Headers["X-CoursePortal-Timestamp"].ToString();
        var signature = request.Headers["X-CoursePortal-Signature"].ToString();
        var valid = CheckSignature(Secret, timestamp, body, signature);
        string? userId = null, kind = null;
        if (body.StartsWith('{'))
        {
            var json = JsonDocument.Parse(body).RootElement;
            userId = json.TryGetProperty("userId", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            kind = json.TryGetProperty("kind", out var k) ? k.GetString() : null;
        }

        Interlocked.Increment(ref _arrived);
        if (Holding is { } hold)
        {
            await hold.Task.WaitAsync(request.HttpContext.RequestAborted);
        }

        var answer = Failing || (userId is not null && userId == FailingUser) ? 500 : valid || body.StartsWith('[') ? 204 : 401;
        _received.Enqueue(new ReceivedDelivery(request.Path, request.Headers["X-CoursePortal-Event-Id"].FirstOrDefault(), request.Headers["X-CoursePortal-Delivery-Id"].FirstOrDefault(),
            userId, kind, valid, answer, body, request.Headers.Authorization.FirstOrDefault(), request.Headers["X-Experience-API-Version"].FirstOrDefault()));
        return Results.StatusCode(answer);
    }

    public async ValueTask DisposeAsync()
    {
        Holding?.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
