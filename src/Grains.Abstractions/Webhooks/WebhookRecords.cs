using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Webhooks;

/// <summary>A webhook subscription as an admin sees it: never its secret. <see cref="EventKinds"/> empty means every kind.
/// Removed subscriptions stay listed with who removed them and when (the rows are the audit of registrations).</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.webhook")]
public sealed record WebhookInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] ImmutableArray<string> EventKinds,
    [property: Id(3)] bool Active,
    [property: Id(4)] string CreatedBy,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] string? RemovedBy,
    [property: Id(7)] DateTimeOffset? RemovedAt,
    [property: Id(8)] WebhookDeliveryCounts Counts);

/// <summary>How many deliveries of a subscription wait (pending) and were given up (failed); delivered ones are not
/// counted, as that would read the whole log on every listing.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.webhook-delivery-counts")]
public sealed record WebhookDeliveryCounts(
    [property: Id(0)] long Pending,
    [property: Id(1)] long Failed);

/// <summary>A subscription to create: the receiver's URL, the HMAC secret (already chosen: the web generates one when the
/// admin gave none) and the kinds (empty: all).</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.new-webhook")]
public sealed record NewWebhook(
    [property: Id(0)] string Url,
    [property: Id(1)] string Secret,
    [property: Id(2)] ImmutableArray<string> EventKinds);

/// <summary>One delivery of one event to one subscription: a row of the delivery log. <see cref="Status"/> is
/// <c>pending</c>, <c>delivered</c>, <c>failed</c> (retries given up; redeliverable) or <c>cancelled</c> (the
/// subscription was removed before it went out).</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.webhook-delivery")]
public sealed record WebhookDelivery(
    [property: Id(0)] long Id,
    [property: Id(1)] Guid EventId,
    [property: Id(2)] string Kind,
    [property: Id(3)] string? UserId,
    [property: Id(4)] string Status,
    [property: Id(5)] int Attempts,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset? LastAttemptAt,
    [property: Id(8)] DateTimeOffset? NextAttemptAt,
    [property: Id(9)] int? LastStatusCode,
    [property: Id(10)] string? LastError,
    [property: Id(11)] DateTimeOffset? DeliveredAt,
    [property: Id(12)] long? RedeliveryOf,
    [property: Id(13)] string? RedeliveredBy = null);

/// <summary>The xAPI forwarding target: an LRS's endpoint and Basic credentials' key (never the secret), on or off.
/// <see cref="PortalUrl"/> is the address the statements' ids are built under, as in <c>GET /v1/events/xapi</c>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.xapi-forwarding")]
public sealed record XapiForwarding(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] string? Endpoint,
    [property: Id(2)] string? Key,
    [property: Id(3)] string? PortalUrl,
    [property: Id(4)] string? ChangedBy,
    [property: Id(5)] DateTimeOffset? ChangedAt,
    [property: Id(6)] WebhookDeliveryCounts Counts,
    [property: Id(7)] bool HasSecret);

/// <summary>New xAPI forwarding settings; a null <see cref="Secret"/> keeps the stored one.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.xapi-forwarding-change")]
public sealed record XapiForwardingChange(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] string Endpoint,
    [property: Id(2)] string Key,
    [property: Id(3)] string? Secret,
    [property: Id(4)] string PortalUrl);
