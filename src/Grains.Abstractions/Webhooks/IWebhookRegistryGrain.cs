using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Webhooks;

/// <summary>Webhook subscriptions, their delivery logs and the xAPI forwarding target, all kept in PostgreSQL (the queue is
/// filled by a trigger on learning_events, db/0018). A stateless worker: the database is the state. Without PostgreSQL
/// (local mode) every method answers 409 <c>webhooks_need_database</c>. Key: <c>GrainKeys.Webhooks</c>.</summary>
[Alias("courseportal.webhook-registry")]
public interface IWebhookRegistryGrain : IGrainWithStringKey
{
    /// <summary>Stores a subscription; 400 <c>invalid_url</c> / <c>invalid_kind</c> / <c>out_of_range</c>, 400 <c>too_many</c>
    /// past <see cref="WebhookRules.MaxActive"/> active ones. Events recorded after it commits are delivered.</summary>
    [Alias("create")]
    Task<WebhookInfo> CreateAsync(NewWebhook webhook, string actor);

    /// <summary>Every subscription, the newest first, removed ones included.</summary>
    [Alias("list")]
    Task<ImmutableArray<WebhookInfo>> ListAsync();

    /// <summary>One subscription; 404 for an unknown id.</summary>
    [Alias("get")]
    Task<WebhookInfo> GetAsync(string webhookId);

    /// <summary>Removes (disables) a subscription for good: nothing more is queued and pending deliveries are cancelled.
    /// Removing it again answers it unchanged; 404 for an unknown id.</summary>
    [Alias("remove")]
    Task<WebhookInfo> RemoveAsync(string webhookId, string actor);

    /// <summary>A page of the delivery log, the newest first, before <paramref name="beforeId"/> when given.</summary>
    [Alias("deliveries")]
    Task<ImmutableArray<WebhookDelivery>> DeliveriesAsync(string webhookId, long? beforeId, int limit);

    /// <summary>Queues the delivery's event again, as a new delivery at the end of its learner's queue; 404 for an unknown
    /// delivery, 409 <c>webhook_removed</c> for a removed subscription.</summary>
    [Alias("redeliver")]
    Task<WebhookDelivery> RedeliverAsync(string webhookId, long deliveryId, string actor);

    /// <summary>The xAPI forwarding target (off with no endpoint when never set).</summary>
    [Alias("xapi-get")]
    Task<XapiForwarding> GetXapiForwardingAsync();

    /// <summary>Sets the xAPI forwarding target; 400 <c>invalid_url</c> for the endpoint, <c>required</c> for a missing key or secret.</summary>
    [Alias("xapi-set")]
    Task<XapiForwarding> SetXapiForwardingAsync(XapiForwardingChange change, string actor);
}
