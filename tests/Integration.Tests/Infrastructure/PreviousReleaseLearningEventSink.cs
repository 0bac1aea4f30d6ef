using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Learning;
using Npgsql;
using NpgsqlTypes;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>
/// The sink of the release before partitioned learning_events (db/0008), with its insert statement as it shipped: its
/// conflict target is the old key, (event_id). On a schema of db/0007 or later that release's outboxes land with their
/// state writes, so it calls this only for events stored without that (rows written before db/0007).
/// </summary>
public sealed class PreviousReleaseLearningEventSink(NpgsqlDataSource dataSource) : ILearningEventSink
{
    /// <summary>The statement the previous release sends, verbatim.</summary>
    public const string Insert = """
        INSERT INTO learning_events (event_id, occurred_at, kind, actor_id, user_id, package_id, package_version,
                                     course_id, course_version, lesson_id, details)
        SELECT * FROM unnest(@ids, @occurred, @kinds, @actors, @users, @packages, @packageVersions,
                             @courses, @courseVersions, @lessons, @details::jsonb[])
        ON CONFLICT (event_id) DO NOTHING
        """;

    public bool EventsTravelWithStateWrites => true;

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

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, IReadOnlyList<LearningEvent> events, Func<LearningEvent, T> value) =>
        new(name, NpgsqlDbType.Array | type) { Value = events.Select(value).ToArray() };
}
