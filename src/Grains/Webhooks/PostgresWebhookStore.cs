using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Webhooks;
using Npgsql;

namespace CoursePortal.Grains.Webhooks;

/// <summary>Subscriptions and delivery logs in webhook_subscriptions and webhook_deliveries (db/0018). Rows are never
/// deleted: a removed subscription stays, with who removed it and when, as the record of what was sent where.</summary>
public sealed class PostgresWebhookStore(NpgsqlDataSource dataSource) : IWebhookStore
{
    /// <summary>The xAPI forwarding target's row: one target, queued by the same trigger as the webhooks.</summary>
    public const string XapiTargetId = "xapi";

    private const string SubscriptionColumns = """
        s.subscription_id, s.url, s.event_kinds, s.active, s.created_by, s.created_at, s.removed_by, s.removed_at,
        (SELECT count(*) FROM webhook_deliveries d WHERE d.subscription_id = s.subscription_id AND d.status = 'pending'),
        (SELECT count(*) FROM webhook_deliveries d WHERE d.subscription_id = s.subscription_id AND d.status = 'failed')
        """;

    private const string DeliveryColumns = """
        delivery_id, event_id, kind, learner, status, attempts, created_at, last_attempt_at, next_attempt_at, last_status,
        last_error, delivered_at, redelivery_of, redelivered_by
        """;

    public async Task<WebhookInfo?> CreateAsync(string id, NewWebhook webhook, string actor)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // Two admins creating the last allowed subscription at once: the second waits, then counts the first.
        await using (var lockRows = new NpgsqlCommand("LOCK TABLE webhook_subscriptions IN SHARE ROW EXCLUSIVE MODE", connection, transaction))
        {
            await lockRows.ExecuteNonQueryAsync();
        }

        await using (var count = new NpgsqlCommand("SELECT count(*) FROM webhook_subscriptions WHERE active AND target = 'webhook'", connection, transaction))
        {
            if ((long)(await count.ExecuteScalarAsync())! >= WebhookRules.MaxActive)
            {
                return null;
            }
        }

        await using (var insert = new NpgsqlCommand("""
            INSERT INTO webhook_subscriptions (subscription_id, target, url, secret, event_kinds, created_by)
            VALUES (@id, 'webhook', @url, @secret, @kinds, @actor)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("url", webhook.Url);
            insert.Parameters.AddWithValue("secret", webhook.Secret);
            insert.Parameters.AddWithValue("kinds", webhook.EventKinds.IsDefault ? [] : webhook.EventKinds.ToArray());
            insert.Parameters.AddWithValue("actor", actor);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return await GetAsync(id);
    }

    public async Task<ImmutableArray<WebhookInfo>> ListAsync()
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {SubscriptionColumns} FROM webhook_subscriptions s WHERE s.target = 'webhook' ORDER BY s.created_at DESC, s.subscription_id");
        return await ReadSubscriptionsAsync(command);
    }

    public async Task<WebhookInfo?> GetAsync(string id)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {SubscriptionColumns} FROM webhook_subscriptions s WHERE s.target = 'webhook' AND s.subscription_id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await ReadSubscriptionsAsync(command)).FirstOrDefault();
    }

    public async Task<WebhookInfo?> RemoveAsync(string id, string actor)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var remove = new NpgsqlCommand("""
            UPDATE webhook_subscriptions SET active = false, removed_by = @actor, removed_at = now()
             WHERE subscription_id = @id AND target = 'webhook' AND active;
            UPDATE webhook_deliveries SET status = 'cancelled', leased_until = NULL
             WHERE subscription_id = @id AND status = 'pending'
               AND EXISTS (SELECT 1 FROM webhook_subscriptions WHERE subscription_id = @id AND target = 'webhook' AND NOT active);
            """, connection, transaction))
        {
            remove.Parameters.AddWithValue("id", id);
            remove.Parameters.AddWithValue("actor", actor);
            await remove.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return await GetAsync(id);
    }

    public async Task<ImmutableArray<WebhookDelivery>> DeliveriesAsync(string id, long? beforeId, int limit)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {DeliveryColumns} FROM webhook_deliveries
             WHERE subscription_id = @id AND delivery_id < @before
             ORDER BY delivery_id DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("before", beforeId ?? long.MaxValue);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadDeliveriesAsync(command);
    }

    public async Task<WebhookDelivery?> DeliveryAsync(string id, long deliveryId)
    {
        await using var command = dataSource.CreateCommand($"SELECT {DeliveryColumns} FROM webhook_deliveries WHERE subscription_id = @id AND delivery_id = @delivery");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("delivery", deliveryId);
        return (await ReadDeliveriesAsync(command)).FirstOrDefault();
    }

    public async Task<WebhookDelivery?> RedeliverAsync(string id, long deliveryId, string actor)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO webhook_deliveries (subscription_id, event_id, occurred_at, kind, learner, redelivery_of, redelivered_by)
            SELECT d.subscription_id, d.event_id, d.occurred_at, d.kind, d.learner, d.delivery_id, @actor
              FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id AND s.active
             WHERE d.subscription_id = @id AND d.delivery_id = @delivery
            RETURNING {DeliveryColumns}
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("delivery", deliveryId);
        command.Parameters.AddWithValue("actor", actor);
        return (await ReadDeliveriesAsync(command)).FirstOrDefault();
    }

    public async Task<XapiForwarding> GetXapiForwardingAsync()
    {
        await using var command = dataSource.CreateCommand("""
            SELECT s.active, s.url, s.username, s.portal_url, s.created_by, s.created_at,
                   (SELECT count(*) FROM webhook_deliveries d WHERE d.subscription_id = s.subscription_id AND d.status = 'pending'),
                   (SELECT count(*) FROM webhook_deliveries d WHERE d.subscription_id = s.subscription_id AND d.status = 'failed'),
                   s.secret <> ''
              FROM webhook_subscriptions s WHERE s.subscription_id = @id
            """);
        command.Parameters.AddWithValue("id", XapiTargetId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return new XapiForwarding(false, null, null, null, null, null, new WebhookDeliveryCounts(0, 0), false);
        }

        return new XapiForwarding(reader.GetBoolean(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5),
            new WebhookDeliveryCounts(reader.GetInt64(6), reader.GetInt64(7)), reader.GetBoolean(8));
    }

    public async Task<XapiForwarding> SetXapiForwardingAsync(XapiForwardingChange change, string actor)
    {
        ArgumentNullException.ThrowIfNull(change);
        // A target switched off keeps its pending statements: they go out, in order, when it is switched on again.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO webhook_subscriptions (subscription_id, target, url, secret, username, portal_url, active, created_by)
            VALUES (@id, 'xapi', @url, COALESCE(@secret, ''), @key, @portal, @enabled, @actor)
            ON CONFLICT (subscription_id) DO UPDATE
               SET url = excluded.url, secret = COALESCE(@secret, webhook_subscriptions.secret), username = excluded.username,
                   portal_url = excluded.portal_url, active = excluded.active, created_by = excluded.created_by, created_at = now()
            """);
        command.Parameters.AddWithValue("id", XapiTargetId);
        command.Parameters.AddWithValue("url", change.Endpoint);
        command.Parameters.Add(new NpgsqlParameter<string?>("secret", change.Secret) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.AddWithValue("key", change.Key);
        command.Parameters.AddWithValue("portal", change.PortalUrl);
        command.Parameters.AddWithValue("enabled", change.Enabled);
        command.Parameters.AddWithValue("actor", actor);
        await command.ExecuteNonQueryAsync();
        return await GetXapiForwardingAsync();
    }

    private static async Task<ImmutableArray<WebhookInfo>> ReadSubscriptionsAsync(NpgsqlCommand command)
    {
        var found = ImmutableArray.CreateBuilder<WebhookInfo>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(new WebhookInfo(reader.GetString(0), reader.GetString(1), [.. reader.GetFieldValue<string[]>(2)], reader.GetBoolean(3),
                reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), new WebhookDeliveryCounts(reader.GetInt64(8), reader.GetInt64(9))));
        }

        return found.ToImmutable();
    }

    private static async Task<ImmutableArray<WebhookDelivery>> ReadDeliveriesAsync(NpgsqlCommand command)
    {
        var found = ImmutableArray.CreateBuilder<WebhookDelivery>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var status = reader.GetString(4);
            found.Add(new WebhookDelivery(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3) is { Length: > 0 } learner ? learner : null,
                status, reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6), Optional(reader, 7),
                status == "pending" ? reader.GetFieldValue<DateTimeOffset>(8) : null, reader.IsDBNull(9) ? null : reader.GetInt32(9),
                reader.IsDBNull(10) ? null : reader.GetString(10), Optional(reader, 11), reader.IsDBNull(12) ? null : reader.GetInt64(12),
                reader.IsDBNull(13) ? null : reader.GetString(13)));
        }

        return found.ToImmutable();
    }

    private static DateTimeOffset? Optional(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
