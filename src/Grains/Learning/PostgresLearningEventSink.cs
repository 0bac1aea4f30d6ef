using CoursePortal.Grains.Abstractions.Learning;
using Npgsql;
using NpgsqlTypes;

namespace CoursePortal.Grains.Learning;

/// <summary>Appends events with one multi-row insert; a repeated event id is ignored, which is what makes a
/// retried outbox flush exactly-once in effect.</summary>
public sealed class PostgresLearningEventSink(NpgsqlDataSource dataSource) : ILearningEventSink, ILearningEventQueries
{
    /// <summary>Set at startup, before the silo starts, once the database's schema is known to have the write function that
    /// appends the outbox's events (db/0007); off until then, so a silo on an older schema delivers them itself.</summary>
    public bool EventsTravelWithStateWrites { get; set; }

    private const string Insert = """
        INSERT INTO learning_events (event_id, occurred_at, kind, actor_id, user_id, package_id, package_version,
                                     course_id, course_version, lesson_id, details)
        SELECT * FROM unnest(@ids, @occurred, @kinds, @actors, @users, @packages, @packageVersions,
                             @courses, @courseVersions, @lessons, @details::jsonb[])
        ON CONFLICT (event_id) DO NOTHING
        """;

    public async Task AppendAsync(IReadOnlyList<LearningEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(Insert);
        command.Parameters.Add(Array("ids", NpgsqlDbType.Uuid, events, e => e.EventId));
        command.Parameters.Add(Array("occurred", NpgsqlDbType.TimestampTz, events, e => e.OccurredAt.UtcDateTime));
        command.Parameters.Add(Array("kinds", NpgsqlDbType.Text, events, e => e.Kind));
        command.Parameters.Add(Array("actors", NpgsqlDbType.Text, events, e => e.ActorId));
        command.Parameters.Add(Array("users", NpgsqlDbType.Text, events, e => e.UserId));
        command.Parameters.Add(Array("packages", NpgsqlDbType.Text, events, e => e.PackageId));
        command.Parameters.Add(Array("packageVersions", NpgsqlDbType.Integer, events, e => e.PackageVersion));
        command.Parameters.Add(Array("courses", NpgsqlDbType.Text, events, e => e.CourseId));
        command.Parameters.Add(Array("courseVersions", NpgsqlDbType.Integer, events, e => e.CourseVersion));
        command.Parameters.Add(Array("lessons", NpgsqlDbType.Text, events, e => e.LessonId));
        command.Parameters.Add(Array("details", NpgsqlDbType.Text, events, e => e.Details));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LearningEvent>> UserEventsAsync(string userId, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM learning_events
             WHERE user_id = @user AND occurred_at <= @until
             ORDER BY occurred_at, recorded_at
            """);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("until", until.UtcDateTime);
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<LearningEvent>> PackageEventsAsync(string packageId, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM learning_events
             WHERE occurred_at <= @until
               AND (package_id = @package
                    OR (course_id IS NOT NULL AND user_id IN (SELECT user_id FROM learning_events WHERE package_id = @package AND kind = 'enrolled')))
             ORDER BY occurred_at, recorded_at
            """);
        command.Parameters.AddWithValue("package", packageId);
        command.Parameters.AddWithValue("until", until.UtcDateTime);
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<LearningEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Absent filters are NULL parameters, so one statement (and one plan shape) serves every combination.
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM learning_events
             WHERE (@user::text IS NULL OR user_id = @user)
               AND (@package::text IS NULL OR package_id = @package)
               AND (@course::text IS NULL OR course_id = @course)
               AND (@kind::text IS NULL OR kind = @kind)
               AND (@from::timestamptz IS NULL OR occurred_at >= @from)
               AND (@to::timestamptz IS NULL OR occurred_at <= @to)
               AND (@afterAt::timestamptz IS NULL OR (occurred_at, event_id) > (@afterAt, @afterId))
             ORDER BY occurred_at, event_id
             LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter("user", NpgsqlDbType.Text) { Value = (object?)query.UserId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("package", NpgsqlDbType.Text) { Value = (object?)query.PackageId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("course", NpgsqlDbType.Text) { Value = (object?)query.CourseId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = (object?)query.Kind ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = (object?)query.From?.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = (object?)query.To?.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("afterAt", NpgsqlDbType.TimestampTz) { Value = (object?)query.AfterOccurredAt?.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("afterId", NpgsqlDbType.Uuid) { Value = query.AfterEventId ?? Guid.Empty });
        command.Parameters.AddWithValue("limit", Math.Clamp(query.Limit, 1, EventQuery.MaxExportLimit));
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<CourseVersionLearners>> CourseLearnersAsync(string courseId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT course_version,
                   count(DISTINCT user_id) FILTER (WHERE kind = 'course_started'),
                   count(DISTINCT user_id) FILTER (WHERE kind = 'course_completed')
              FROM learning_events
             WHERE course_id = @course AND course_version IS NOT NULL AND kind IN ('course_started', 'course_completed')
             GROUP BY course_version
             ORDER BY course_version
            """);
        command.Parameters.AddWithValue("course", courseId);
        var counts = new List<CourseVersionLearners>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new CourseVersionLearners(reader.GetInt32(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2)));
        }

        return counts;
    }

    private const string Columns = "event_id, occurred_at, kind, actor_id, user_id, package_id, package_version, course_id, course_version, lesson_id, details::text";

    private static async Task<IReadOnlyList<LearningEvent>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var events = new List<LearningEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new LearningEvent(
                reader.GetGuid(0),
                new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetInt32(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.GetString(10)));
        }

        return events;
    }

    public async Task<IReadOnlyList<string>> EnrolledUsersAsync(
        string packageId, int version, string? afterUserId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT DISTINCT user_id FROM learning_events
             WHERE kind IN ('enrolled', 'moved_to_version') AND package_id = @package AND package_version = @version
               AND user_id > @after
             ORDER BY user_id
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("package", packageId);
        command.Parameters.AddWithValue("version", version);
        command.Parameters.AddWithValue("after", afterUserId ?? "");
        command.Parameters.AddWithValue("limit", limit);
        var users = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(reader.GetString(0));
        }

        return users;
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, IReadOnlyList<LearningEvent> events, Func<LearningEvent, T> value) =>
        new(name, NpgsqlDbType.Array | type) { Value = events.Select(value).ToArray() };
}
