using CoursePortal.Grains.Abstractions.Learning;
using Npgsql;
using NpgsqlTypes;

namespace CoursePortal.Grains.Learning;

/// <summary>
/// The events browser's statement, written with only the filters the query has. One statement with every filter as
/// "@x IS NULL OR column = @x" let PostgreSQL pick no index for the filter present: over ten years of events it walked
/// the time index and read millions of rows for a page of one learner's or one course's (docs/operations.md, "Event log
/// queries"). Each filter compares a column to a typed parameter, so the text varies only in which filters are present.
/// </summary>
internal static class EventQuerySql
{
    /// <summary>Sets <paramref name="command"/>'s text and parameters to one page of <paramref name="query"/>.</summary>
    public static void Build(NpgsqlCommand command, EventQuery query, string columns)
    {
        var conditions = new List<string>();
        Filter(command, conditions, "user_id", "user", NpgsqlDbType.Text, query.UserId);
        Filter(command, conditions, "package_id", "package", NpgsqlDbType.Text, query.PackageId);
        Filter(command, conditions, "course_id", "course", NpgsqlDbType.Text, query.CourseId);
        Filter(command, conditions, "kind", "kind", NpgsqlDbType.Text, query.Kind);
        if (query.From is { } from)
        {
            conditions.Add("occurred_at >= @from");
            command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = from.UtcDateTime });
        }

        if (query.To is { } to)
        {
            conditions.Add("occurred_at <= @to");
            command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = to.UtcDateTime });
        }

        if (query.AfterOccurredAt is { } afterAt)
        {
            // The plain bound beside the row comparison lets PostgreSQL skip the months before the position.
            conditions.Add("occurred_at >= @afterAt AND (occurred_at, event_id) > (@afterAt, @afterId)");
            command.Parameters.Add(new NpgsqlParameter("afterAt", NpgsqlDbType.TimestampTz) { Value = afterAt.UtcDateTime });
            command.Parameters.Add(new NpgsqlParameter("afterId", NpgsqlDbType.Uuid) { Value = query.AfterEventId ?? Guid.Empty });
        }

        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        command.CommandText = $"SELECT {columns} FROM learning_events {where} ORDER BY occurred_at, event_id LIMIT @limit";
        command.Parameters.AddWithValue("limit", Math.Clamp(query.Limit, 1, EventQuery.MaxExportLimit));
    }

    private static void Filter(NpgsqlCommand command, List<string> conditions, string column, string name, NpgsqlDbType type, string? value)
    {
        if (value is not null)
        {
            conditions.Add($"{column} = @{name}");
            command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        }
    }
}
