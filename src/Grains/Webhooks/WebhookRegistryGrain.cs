using System.Collections.Immutable;
using System.Security.Cryptography;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Webhooks;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Webhooks;

/// <summary>
/// Registers webhook subscriptions and the xAPI target. The rules are checked here again (the web checks them before it
/// makes a secret), so no route stores what another would refuse. A stateless worker: PostgreSQL holds the subscriptions,
/// because the trigger that queues deliveries in the event's own transaction reads them there (db/0018).
/// </summary>
[StatelessWorker]
public sealed class WebhookRegistryGrain(IWebhookStore store) : Grain, IWebhookRegistryGrain
{
    /// <summary>The longest page of a delivery log.</summary>
    public const int MaxPage = 500;

    public async Task<WebhookInfo> CreateAsync(NewWebhook webhook, string actor)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        if (WebhookRules.Errors(webhook.Url, webhook.Secret, webhook.EventKinds.IsDefault ? [] : webhook.EventKinds) is { Count: > 0 } errors)
        {
            throw new DomainException(errors);
        }

        var id = "wh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var kinds = webhook.EventKinds.IsDefault ? [] : webhook.EventKinds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        return await store.CreateAsync(id, webhook with { EventKinds = kinds }, actor)
            ?? throw new DomainException([new FieldError(ErrorCodes.TooMany, "url",
                $"There are {WebhookRules.MaxActive} active webhooks already; remove one that is no longer used first.")]);
    }

    public Task<ImmutableArray<WebhookInfo>> ListAsync() => store.ListAsync();

    public async Task<WebhookInfo> GetAsync(string webhookId) =>
        await store.GetAsync(webhookId) ?? throw DomainException.NotFound("Webhook", webhookId);

    public async Task<WebhookInfo> RemoveAsync(string webhookId, string actor) =>
        await store.RemoveAsync(webhookId, actor) ?? throw DomainException.NotFound("Webhook", webhookId);

    public async Task<ImmutableArray<WebhookDelivery>> DeliveriesAsync(string webhookId, long? beforeId, int limit)
    {
        if (limit is < 1 or > MaxPage)
        {
            throw new DomainException([new FieldError(ErrorCodes.OutOfRange, "limit", $"A page holds 1 to {MaxPage} deliveries.")]);
        }

        await GetAsync(webhookId);
        return await store.DeliveriesAsync(webhookId, beforeId, limit);
    }

    public async Task<WebhookDelivery> RedeliverAsync(string webhookId, long deliveryId, string actor)
    {
        var webhook = await GetAsync(webhookId);
        _ = await store.DeliveryAsync(webhookId, deliveryId) ?? throw DomainException.NotFound("Delivery", deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!webhook.Active)
        {
            throw DomainException.Conflict(ErrorCodes.WebhookRemoved, $"Webhook '{webhookId}' was removed: nothing is delivered to it any more.");
        }

        return await store.RedeliverAsync(webhookId, deliveryId, actor)
            ?? throw DomainException.Conflict(ErrorCodes.WebhookRemoved, $"Webhook '{webhookId}' was removed: nothing is delivered to it any more.");
    }

    public Task<XapiForwarding> GetXapiForwardingAsync() => store.GetXapiForwardingAsync();

    public async Task<XapiForwarding> SetXapiForwardingAsync(XapiForwardingChange change, string actor)
    {
        ArgumentNullException.ThrowIfNull(change);
        var errors = new List<FieldError>();
        if (WebhookRules.UrlError(change.Endpoint, "endpoint") is { } badEndpoint)
        {
            errors.Add(badEndpoint);
        }

        if (WebhookRules.UrlError(change.PortalUrl, "portalUrl") is { } badPortal)
        {
            errors.Add(badPortal);
        }

        if (string.IsNullOrWhiteSpace(change.Key) || change.Key.Length > WebhookRules.MaxSecretLength)
        {
            errors.Add(new FieldError(ErrorCodes.Required, "key", "The LRS's Basic credentials need a key (1 to 200 characters)."));
        }

        if (change.Secret is { Length: 0 or > WebhookRules.MaxSecretLength }
            || (change.Secret is null && !(await store.GetXapiForwardingAsync()).HasSecret))
        {
            errors.Add(new FieldError(ErrorCodes.Required, "secret", "The LRS's Basic credentials need a secret (1 to 200 characters)."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }

        return await store.SetXapiForwardingAsync(change with { Endpoint = change.Endpoint.TrimEnd('/') }, actor);
    }
}
