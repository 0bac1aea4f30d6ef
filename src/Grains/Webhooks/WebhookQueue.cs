using CoursePortal.Grains.Abstractions.Learning;
using Npgsql;

namespace CoursePortal.Grains.Webhooks;

/// <summary>A claimed delivery with what sending it takes: the target and the event (null when the event is gone, e.g.
/// its month was detached by an operator).</summary>
public sealed record ClaimedDelivery(
    long DeliveryId, string SubscriptionId, int Attempts, DateTimeOffset CreatedAt, string Target, string Url, string Secret,
    string? Username, string? PortalUrl, LearningEvent? Event);

/// <summary>
/// The delivery queue's SQL (db/0018). A deliverer claims the head of each learner's queue (per subscription) that is due
/// and not leased, with FOR UPDATE SKIP LOCKED so deliverers on several silos never claim the same row, and sets a lease:
/// a deliverer that dies mid-POST leaves its rows to be claimed again when the lease ends (at least once). A learner's
/// later deliveries are not heads while an earlier one is pending, so they wait for it (in order per learner), and other
/// learners' queues go on.
/// </summary>
public sealed class WebhookQueue(NpgsqlDataSource dataSource)
{
    // The heads are read from the pending index; a stale head (delivered by another silo since this statement's snapshot)
    // is dropped by the recheck of status under FOR UPDATE, and a head can only become non-pending, so no later delivery
    // is ever taken for a head.
    private const string Claim = """
        WITH heads AS (
            SELECT DISTINCT ON (subscription_id, learner) delivery_id
              FROM webhook_deliveries
             WHERE status = 'pending'
             ORDER BY subscription_id, learner, delivery_id
        ), due AS (
            SELECT d.delivery_id
              FROM webhook_deliveries d
              JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id AND s.active
             WHERE d.delivery_id IN (SELECT delivery_id FROM heads)
               AND d.status = 'pending' AND d.next_attempt_at <= now()
               AND (d.leased_until IS NULL OR d.leased_until < now())
             ORDER BY d.delivery_id
             LIMIT @limit
               FOR UPDATE OF d SKIP LOCKED
        ), claimed AS (
            UPDATE webhook_deliveries d
               SET leased_until = now() + @lease, attempts = d.attempts + 1, last_attempt_at = now()
              FROM due
             WHERE d.delivery_id = due.delivery_id
            RETURNING d.delivery_id, d.subscription_id, d.event_id, d.occurred_at, d.attempts, d.created_at
        )
        SELECT c.delivery_id, c.subscription_id, c.attempts, c.created_at, s.target, s.url, s.secret, s.username, s.portal_url,
               e.event_id, e.occurred_at, e.kind, e.actor_id, e.user_id, e.package_id, e.package_version, e.course_id,
               e.course_version, e.lesson_id, e.details::text
          FROM claimed c
          JOIN webhook_subscriptions s ON s.subscription_id = c.subscription_id
          LEFT JOIN learning_events e ON e.event_id = c.event_id AND e.occurred_at = c.occurred_at
         ORDER BY c.delivery_id
        """;

    /// <summary>Claims up to <paramref name="limit"/> due heads for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Claim);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("lease", lease);
        var claimed = new List<ClaimedDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new ClaimedDelivery(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), Text(reader, 7), Text(reader, 8), reader.IsDBNull(9) ? null : EventAt(reader, 9)));
        }

        return claimed;
    }

    /// <summary>Records a 2xx answer.</summary>
    public async Task DeliveredAsync(IEnumerable<long> deliveryIds, int statusCode, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE webhook_deliveries
               SET status = 'delivered', delivered_at = now(), leased_until = NULL, last_status = @status, last_error = NULL
             WHERE delivery_id = ANY (@ids)
            """);
        command.Parameters.AddWithValue("ids", deliveryIds.ToArray());
        command.Parameters.AddWithValue("status", statusCode);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records a failed attempt: tried again after <paramref name="retryIn"/>, or given up.</summary>
    public async Task FailedAsync(long deliveryId, int? statusCode, string error, bool giveUp, TimeSpan retryIn, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE webhook_deliveries
               SET status = CASE WHEN @giveUp THEN 'failed' ELSE status END, next_attempt_at = now() + @retryIn,
                   leased_until = NULL, last_status = @status, last_error = left(@error, 500)
             WHERE delivery_id = @id
            """);
        command.Parameters.AddWithValue("id", deliveryId);
        command.Parameters.AddWithValue("giveUp", giveUp);
        command.Parameters.AddWithValue("retryIn", retryIn);
        command.Parameters.Add(new NpgsqlParameter<int?>("status", statusCode) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.AddWithValue("error", error);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Cancels deliveries still pending for a removed webhook: an event written in a transaction that began before
    /// the removal committed was queued after the removal cancelled the rest. Answers how many.</summary>
    public async Task<int> CancelForRemovedAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE webhook_deliveries d SET status = 'cancelled', leased_until = NULL
              FROM webhook_subscriptions s
             WHERE s.subscription_id = d.subscription_id AND s.target = 'webhook' AND NOT s.active AND d.status = 'pending'
            """);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static LearningEvent EventAt(NpgsqlDataReader reader, int at) => new(
        reader.GetGuid(at),
        new DateTimeOffset(reader.GetDateTime(at + 1), TimeSpan.Zero),
        reader.GetString(at + 2),
        Text(reader, at + 3),
        Text(reader, at + 4),
        Text(reader, at + 5),
        reader.IsDBNull(at + 6) ? null : reader.GetInt32(at + 6),
        Text(reader, at + 7),
        reader.IsDBNull(at + 8) ? null : reader.GetInt32(at + 8),
        Text(reader, at + 9),
        reader.GetString(at + 10));
}
