using CoursePortal.Grains.Abstractions.Learning;
using Npgsql;
using NpgsqlTypes;

namespace CoursePortal.Grains.Learning;

/// <summary>Appends events with one multi-row insert; a repeated event id is ignored, which is what makes a
/// retried outbox flush exactly-once in effect.</summary>
public sealed class PostgresLearningEventSink(NpgsqlDataSource dataSource) : ILearningEventSink, ILearningEventQueries
{
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
