using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Webhooks;

namespace CoursePortal.Grains.Webhooks;

/// <summary>Local mode's answer: the delivery queue is filled by a trigger on learning_events in PostgreSQL (db/0018), and
/// an in-memory imitation would be a second implementation proving nothing about the real one, so every call is a 409 that
/// says so, and the page says it before anyone tries.</summary>
public sealed class UnavailableWebhookStore : IWebhookStore
{
    public Task<WebhookInfo?> CreateAsync(string id, NewWebhook webhook, string actor) => throw Refusal();

    public Task<ImmutableArray<WebhookInfo>> ListAsync() => throw Refusal();

    public Task<WebhookInfo?> GetAsync(string id) => throw Refusal();

    public Task<WebhookInfo?> RemoveAsync(string id, string actor) => throw Refusal();

    public Task<ImmutableArray<WebhookDelivery>> DeliveriesAsync(string id, long? beforeId, int limit) => throw Refusal();

    public Task<WebhookDelivery?> DeliveryAsync(string id, long deliveryId) => throw Refusal();

    public Task<WebhookDelivery?> RedeliverAsync(string id, long deliveryId, string actor) => throw Refusal();

    public Task<XapiForwarding> GetXapiForwardingAsync() => throw Refusal();

    public Task<XapiForwarding> SetXapiForwardingAsync(XapiForwardingChange change, string actor) => throw Refusal();

    private static DomainException Refusal() => DomainException.Conflict(ErrorCodes.WebhooksNeedDatabase,
        "Webhooks and xAPI forwarding need PostgreSQL: this portal runs in local mode, which keeps no delivery queue.");
}
