using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Webhooks;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoursePortal.Web.Api;

/// <summary>The body of POST /v1/webhooks: the receiver's absolute http(s) URL, an optional secret (16 to 200 characters;
/// generated when left out) and the kinds of learning event to send (empty or left out: every kind).</summary>
public sealed record NewWebhookJson(string? Url, string? Secret, IReadOnlyList<string>? EventKinds);

/// <summary>A webhook subscription, never its secret. <c>status</c> is <c>active</c> or <c>removed</c>; <c>pending</c> and
/// <c>failed</c> count its deliveries waiting and given up.</summary>
public sealed record WebhookJson(
    string Id, string Url, IReadOnlyList<string> EventKinds, string Status, string CreatedBy, DateTimeOffset CreatedAt,
    string? RemovedBy, DateTimeOffset? RemovedAt, long Pending, long Failed);

/// <summary>The answer to POST /v1/webhooks: the subscription and its secret, shown this once.</summary>
public sealed record CreatedWebhookJson(string Id, string Url, IReadOnlyList<string> EventKinds, string Secret, DateTimeOffset CreatedAt);

/// <summary>One delivery of the log (a redelivery by hand names the delivery it repeats and who asked): <c>status</c> is <c>pending</c>, <c>delivered</c>, <c>failed</c> (given up; redeliverable)
/// or <c>cancelled</c> (the webhook was removed first).</summary>
public sealed record WebhookDeliveryJson(
    long Id, Guid EventId, string Kind, string? UserId, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt, long? RedeliveryOf, string? RedeliveredBy);

/// <summary>A page of the delivery log, the newest first; <c>next</c> is the <c>before</c> of the following page.</summary>
public sealed record WebhookDeliveryPageJson(IReadOnlyList<WebhookDeliveryJson> Deliveries, long? Next);

/// <summary>The xAPI forwarding target: never the secret (<c>hasSecret</c> says whether one is stored).</summary>
public sealed record XapiForwardingJson(bool Enabled, string? Endpoint, string? Key, bool HasSecret, string? PortalUrl, string? ChangedBy,
    DateTimeOffset? ChangedAt, long Pending, long Failed);

/// <summary>The body of PUT /v1/xapi-forwarding: the LRS endpoint (statements go to <c>{endpoint}/statements</c>), its Basic
/// credentials (a left-out secret keeps the stored one) and whether forwarding is on.</summary>
public sealed record XapiForwardingChangeJson(bool Enabled, string? Endpoint, string? Key, string? Secret);

/// <summary>Outbound events for admins (people or Admin tokens: an integration may register its own receiver).</summary>
public static class WebhookEndpoints
{
    public const int DefaultPage = 50;

    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var webhooks = v1.MapGroup("/webhooks").RequireAuthorization(Policies.Admin).ProducesProblem(StatusCodes.Status409Conflict);
        webhooks.MapPost("", CreateWebhook);
        webhooks.MapGet("", ListWebhooks);
        webhooks.MapGet("/{id}", GetWebhook);
        webhooks.MapDelete("/{id}", RemoveWebhook);
        webhooks.MapGet("/{id}/deliveries", ListWebhookDeliveries);
        webhooks.MapPost("/{id}/deliveries/{deliveryId}/redeliver", RedeliverWebhookDelivery);
        var xapi = v1.MapGroup("/xapi-forwarding").RequireAuthorization(Policies.Admin).ProducesProblem(StatusCodes.Status409Conflict);
        xapi.MapGet("", GetXapiForwarding);
        xapi.MapPut("", SetXapiForwarding);
        return v1;
    }

    /// <summary>Registers a webhook; its secret is answered this once, so the answer is not cached.</summary>
    public static async Task<Created<CreatedWebhookJson>> CreateWebhook(NewWebhookJson body, ClaimsPrincipal user, HttpResponse response, WebhookService webhooks)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(response);
        var created = await webhooks.CreateAsync(body.Url, body.Secret, body.EventKinds, user.UserId()!);
        response.Headers.CacheControl = "no-store";
        var w = created.Webhook;
        return TypedResults.Created($"/v1/webhooks/{w.Id}", new CreatedWebhookJson(w.Id, w.Url, w.EventKinds, created.Secret, w.CreatedAt));
    }

    /// <summary>Every webhook, the newest first, removed ones included.</summary>
    public static async Task<Ok<IReadOnlyList<WebhookJson>>> ListWebhooks(WebhookService webhooks) =>
        TypedResults.Ok<IReadOnlyList<WebhookJson>>([.. (await webhooks.ListAsync()).Select(ToJson)]);

    /// <summary>One webhook.</summary>
    public static async Task<Ok<WebhookJson>> GetWebhook(string id, WebhookService webhooks) => TypedResults.Ok(ToJson(await webhooks.GetAsync(id)));

    /// <summary>Removes the webhook for good: nothing more is sent to it and its pending deliveries are cancelled; removing it
    /// again answers it unchanged.</summary>
    public static async Task<Ok<WebhookJson>> RemoveWebhook(string id, ClaimsPrincipal user, WebhookService webhooks) =>
        TypedResults.Ok(ToJson(await webhooks.RemoveAsync(id, user.UserId()!)));

    /// <summary>A page of the webhook's delivery log, the newest first (<c>before</c>: the previous page's <c>next</c>;
    /// <c>limit</c> 1 to 500, 50 by default).</summary>
    public static async Task<Ok<WebhookDeliveryPageJson>> ListWebhookDeliveries(string id, long? before, int? limit, WebhookService webhooks)
    {
        var size = limit ?? DefaultPage;
        var page = await webhooks.DeliveriesAsync(id, before, size);
        return TypedResults.Ok(new WebhookDeliveryPageJson([.. page.Select(ToJson)], page.Length == size ? page[^1].Id : null));
    }

    /// <summary>Sends the delivery's event again: a new delivery at the end of its learner's queue (the answer).</summary>
    public static async Task<Ok<WebhookDeliveryJson>> RedeliverWebhookDelivery(string id, string deliveryId, ClaimsPrincipal user, WebhookService webhooks) =>
        TypedResults.Ok(ToJson(await webhooks.RedeliverAsync(id, deliveryId, user.UserId()!)));

    /// <summary>The xAPI forwarding target.</summary>
    public static async Task<Ok<XapiForwardingJson>> GetXapiForwarding(WebhookService webhooks) => TypedResults.Ok(ToJson(await webhooks.GetXapiForwardingAsync()));

    /// <summary>Sets the xAPI forwarding target: statements of every learning event recorded from now on are POSTed to the LRS in
    /// batches, in order per learner, retried like webhooks.</summary>
    public static async Task<Ok<XapiForwardingJson>> SetXapiForwarding(XapiForwardingChangeJson body, HttpRequest request, ClaimsPrincipal user, WebhookService webhooks)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(request);
        var portal = new Uri($"{request.Scheme}://{request.Host}/");
        return TypedResults.Ok(ToJson(await webhooks.SetXapiForwardingAsync(body.Enabled, body.Endpoint, body.Key, body.Secret, portal, user.UserId()!)));
    }

    public static WebhookJson ToJson(WebhookInfo w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return new(w.Id, w.Url, w.EventKinds, w.Active ? "active" : "removed", w.CreatedBy, w.CreatedAt, w.RemovedBy, w.RemovedAt, w.Counts.Pending, w.Counts.Failed);
    }

    public static WebhookDeliveryJson ToJson(WebhookDelivery d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Id, d.EventId, d.Kind, d.UserId, d.Status, d.Attempts, d.CreatedAt, d.LastAttemptAt, d.NextAttemptAt, d.LastStatusCode, d.LastError,
            d.DeliveredAt, d.RedeliveryOf, d.RedeliveredBy);
    }

    private static XapiForwardingJson ToJson(XapiForwarding x) =>
        new(x.Enabled, x.Endpoint, x.Key, x.HasSecret, x.PortalUrl, x.ChangedBy, x.ChangedAt, x.Counts.Pending, x.Counts.Failed);
}
