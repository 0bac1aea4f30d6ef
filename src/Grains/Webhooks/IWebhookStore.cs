using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Webhooks;

namespace CoursePortal.Grains.Webhooks;

/// <summary>Where subscriptions and their delivery logs live: PostgreSQL (<see cref="PostgresWebhookStore"/>), or nowhere
/// in local mode (<see cref="UnavailableWebhookStore"/>). Input is validated by the caller.</summary>
public interface IWebhookStore
{
    /// <summary>Inserts a subscription, unless <see cref="WebhookRules.MaxActive"/> are active (then null).</summary>
    Task<WebhookInfo?> CreateAsync(string id, NewWebhook webhook, string actor);

    Task<ImmutableArray<WebhookInfo>> ListAsync();

    Task<WebhookInfo?> GetAsync(string id);

    /// <summary>Disables the subscription and cancels its pending deliveries; null for an unknown id.</summary>
    Task<WebhookInfo?> RemoveAsync(string id, string actor);

    Task<ImmutableArray<WebhookDelivery>> DeliveriesAsync(string id, long? beforeId, int limit);

    Task<WebhookDelivery?> DeliveryAsync(string id, long deliveryId);

    /// <summary>Queues the delivery's event again as a new row; null when the subscription is not active.</summary>
    Task<WebhookDelivery?> RedeliverAsync(string id, long deliveryId, string actor);

    Task<XapiForwarding> GetXapiForwardingAsync();

    Task<XapiForwarding> SetXapiForwardingAsync(XapiForwardingChange change, string actor);
}
