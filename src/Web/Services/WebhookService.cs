using System.Buffers.Text;
using System.Collections.Immutable;
using System.Security.Cryptography;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Webhooks;

namespace CoursePortal.Web.Services;

/// <summary>A webhook just created with its secret: the secret is answered this once (the API and the page alike).</summary>
public sealed record CreatedWebhook(WebhookInfo Webhook, string Secret);

/// <summary>Webhook subscriptions and the xAPI forwarding target; the /Admin/Webhooks page and /v1 share it.</summary>
public sealed class WebhookService(IGrainFactory grains)
{
    /// <summary>Creates a subscription; without a secret one is generated (<c>whsec_</c> and 32 random bytes). Every field at
    /// fault is refused before anything is stored.</summary>
    public async Task<CreatedWebhook> CreateAsync(string? url, string? secret, IReadOnlyList<string>? eventKinds, string actor)
    {
        var given = string.IsNullOrEmpty(secret) ? null : secret;
        if (WebhookRules.Errors(url, given, eventKinds) is { Count: > 0 } errors)
        {
            throw new DomainException(errors);
        }

        var chosen = given ?? "whsec_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var created = await Registry.CreateAsync(new NewWebhook(url!, chosen, [.. eventKinds ?? []]), actor);
        return new CreatedWebhook(created, chosen);
    }

    public Task<ImmutableArray<WebhookInfo>> ListAsync() => Registry.ListAsync();

    public Task<WebhookInfo> GetAsync(string? id) => Registry.GetAsync(Ids.Existing("Webhook", id));

    public Task<WebhookInfo> RemoveAsync(string? id, string actor) => Registry.RemoveAsync(Ids.Existing("Webhook", id), actor);

    public Task<ImmutableArray<WebhookDelivery>> DeliveriesAsync(string? id, long? beforeId, int limit) =>
        Registry.DeliveriesAsync(Ids.Existing("Webhook", id), beforeId, limit);

    public Task<WebhookDelivery> RedeliverAsync(string? id, string? deliveryId, string actor) =>
        long.TryParse(deliveryId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var delivery)
            ? Registry.RedeliverAsync(Ids.Existing("Webhook", id), delivery, actor)
            : throw DomainException.NotFound("Delivery", deliveryId ?? "");

    public Task<XapiForwarding> GetXapiForwardingAsync() => Registry.GetXapiForwardingAsync();

    /// <summary>Sets the LRS target; an empty secret keeps the stored one. Statements are built under <paramref name="portal"/>,
    /// the address this request reached, as <c>GET /v1/events/xapi</c> builds them.</summary>
    public Task<XapiForwarding> SetXapiForwardingAsync(bool enabled, string? endpoint, string? key, string? secret, Uri portal, string actor)
    {
        ArgumentNullException.ThrowIfNull(portal);
        return Registry.SetXapiForwardingAsync(
            new XapiForwardingChange(enabled, endpoint?.Trim() ?? "", key?.Trim() ?? "", string.IsNullOrEmpty(secret) ? null : secret, portal.ToString()), actor);
    }

    private IWebhookRegistryGrain Registry => grains.Reference<IWebhookRegistryGrain>(GrainKeys.Webhooks);
}
