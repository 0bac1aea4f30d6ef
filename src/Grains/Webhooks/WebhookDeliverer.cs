using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoursePortal.Grains.Webhooks;

/// <summary>
/// Sends the queued deliveries (db/0018): every silo runs one, and they share the queue through <see cref="WebhookQueue"/>'s
/// claims. A hosted service rather than a grain kept alive by a reminder: the work is rows in PostgreSQL, not any grain's
/// state, and a claim with SKIP LOCKED spreads it over however many silos there are without placement. Nothing here is on
/// a learner's path: their write only inserted rows. A webhook gets one signed POST per event; the xAPI target one POST of
/// up to <see cref="WebhookDeliveryOptions.XapiBatchSize"/> statements.
/// </summary>
public sealed partial class WebhookDeliverer(
    WebhookQueue queue, IHttpClientFactory http, IOptions<WebhookDeliveryOptions> options, TimeProvider clock, ILogger<WebhookDeliverer> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    // The event JSON of GET /v1/events (the web's defaults), so a receiver reads one shape from both.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // How often a deliverer cancels what a removal raced with (see WebhookQueue.CancelForRemovedAsync).
    private static readonly TimeSpan TidyInterval = TimeSpan.FromMinutes(1);

    private WebhookDeliveryOptions Options => options.Value;

    // Up to BatchSize deliveries in flight; a claim takes only the room left, so one slow receiver (up to the timeout per
    // POST) holds its own slots, not the next claim for every other webhook.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inFlight = new List<Task>();
        var tidiedAt = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            var claimed = 0;
            try
            {
                if (clock.GetUtcNow() - tidiedAt > TidyInterval)
                {
                    tidiedAt = clock.GetUtcNow();
                    await queue.CancelForRemovedAsync(stoppingToken);
                }

                var room = Options.BatchSize - inFlight.Count;
                if (room > 0)
                {
                    var sends = await ClaimAndSendAsync(room, stoppingToken);
                    claimed = sends.Count;
                    inFlight.AddRange(sends);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                // A database outage or a schema without db/0018 yet: the rows wait, nothing is lost.
                LogQueueUnavailable(logger, ex);
            }

            if (claimed > 0)
            {
                continue;
            }

            try
            {
                // Idle or full: the next poll, or sooner when a send ends and frees a slot.
                await Task.WhenAny([Task.Delay(Options.PollInterval, clock, stoppingToken), .. inFlight]);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims up to <paramref name="limit"/> due deliveries and starts sending them: one task per webhook delivery,
    /// one per batch of statements for the xAPI target.</summary>
    public async Task<IReadOnlyList<Task>> ClaimAndSendAsync(int limit, CancellationToken cancellationToken)
    {
        var claimed = await queue.ClaimAsync(limit, Options.Lease, cancellationToken);
        return
        [
            .. claimed.Where(c => c.Target == "webhook").Select(c => Guarded(SendWebhookAsync(c, cancellationToken), c)),
            .. claimed.Where(c => c.Target == "xapi").Chunk(Math.Max(1, Options.XapiBatchSize)).Select(b => Guarded(SendStatementsAsync(b, cancellationToken), b[0])),
        ];
    }

    // A send whose outcome could not be recorded (the database went away, the silo is stopping) is left to its lease.
    private async Task Guarded(Task send, ClaimedDelivery first)
    {
        try
        {
            await send;
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or InvalidOperationException or TimeoutException)
        {
            LogUnrecorded(logger, first.DeliveryId, first.SubscriptionId, ex);
        }
    }

    private async Task SendWebhookAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Event is not { } e)
        {
            await RecordAsync([delivery], null, "The event is no longer in learning_events.", cancellationToken);
            return;
        }

        var body = JsonSerializer.Serialize(e, Json);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.EventIdHeader, e.EventId.ToString());
        request.Headers.Add(WebhookSignature.DeliveryIdHeader, delivery.DeliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(delivery.Secret, timestamp, body));
        await PostAsync([delivery], request, cancellationToken);
    }

    private async Task SendStatementsAsync(ClaimedDelivery[] batch, CancellationToken cancellationToken)
    {
        var target = batch[0];
        var portal = new Uri(target.PortalUrl ?? "http://localhost/");
        var statements = batch.Where(d => d.Event is not null).Select(d => XapiStatement.From(d.Event!, portal)).ToList();
        var missing = batch.Where(d => d.Event is null).ToList();
        if (missing.Count > 0)
        {
            await RecordAsync(missing, null, "The event is no longer in learning_events.", cancellationToken);
        }

        if (statements.Count == 0)
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url + "/statements")
        {
            Content = new StringContent(JsonSerializer.Serialize(statements, Json), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{target.Username}:{target.Secret}")));
        await PostAsync([.. batch.Where(d => d.Event is not null)], request, cancellationToken);
    }

    private async Task PostAsync(IReadOnlyList<ClaimedDelivery> deliveries, HttpRequestMessage request, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(Options.Timeout);
        int? status = null;
        string? error;
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"The receiver answered {status}.";
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !stopping.IsCancellationRequested)
        {
            error = ex is OperationCanceledException ? $"No answer within {Options.Timeout.TotalSeconds:0.#} s." : ex.Message;
        }

        // Stopping (or killed) mid-POST: nothing is recorded; the lease runs out and a deliverer sends it again.
        stopping.ThrowIfCancellationRequested();
        await RecordAsync(deliveries, status, error, stopping);
    }

    private async Task RecordAsync(IReadOnlyList<ClaimedDelivery> deliveries, int? status, string? error, CancellationToken cancellationToken)
    {
        if (error is null)
        {
            await queue.DeliveredAsync(deliveries.Select(d => d.DeliveryId), status ?? 200, cancellationToken);
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var d in deliveries)
        {
            var giveUp = WebhookBackoff.GivesUp(d.Attempts, d.CreatedAt, now, Options);
            var delay = WebhookBackoff.Delay(d.Attempts, Options.FirstRetryDelay, Options.MaxRetryDelay, Random.Shared.NextDouble());
            await queue.FailedAsync(d.DeliveryId, status, error, giveUp, delay, cancellationToken);
            LogFailed(logger, d.DeliveryId, d.SubscriptionId, d.Attempts, giveUp, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} to {SubscriptionId} failed (attempt {Attempts}, given up: {GaveUp}): {Error}")]
    private static partial void LogFailed(ILogger logger, long deliveryId, string subscriptionId, int attempts, bool gaveUp, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "The outcome of delivery {DeliveryId} to {SubscriptionId} was not recorded; it is sent again when its lease ends")]
    private static partial void LogUnrecorded(ILogger logger, long deliveryId, string subscriptionId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook delivery queue could not be read; trying again shortly")]
    private static partial void LogQueueUnavailable(ILogger logger, Exception exception);
}
