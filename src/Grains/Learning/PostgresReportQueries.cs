using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using Npgsql;
using NpgsqlTypes;

namespace CoursePortal.Grains.Learning;

/// <summary>The report figures from the read models of db/0009: a scan of one package's (or course's) per-learner rows,
/// with the moment asked about in the WHERE clause, never the event log.</summary>
public sealed class PostgresReportQueries(NpgsqlDataSource dataSource) : IReportQueries
{
    // The placements current at @asOf: one per learner enrolled then, with the spell's times.
    private const string Current = """
        FROM report_package_placements
         WHERE package_id = @package AND placed_at <= @asOf AND (until_at IS NULL OR until_at > @asOf)
        """;

    public async Task<IReadOnlyList<PackageVersionReport>> PackageReportAsync(string packageId, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT version, count(*)::int,
                   (count(*) FILTER (WHERE NOT done AND NOT started))::int,
                   (count(*) FILTER (WHERE NOT done AND started))::int,
                   (count(*) FILTER (WHERE done))::int,
                   (count(*) FILTER (WHERE NOT done AND due_at < @asOf))::int,
                   (count(*) FILTER (WHERE done AND recertify_from <= @asOf AND expires_at > @asOf))::int
              FROM (SELECT version, due_at, expires_at, recertify_from,
                           coalesce(completed_at <= @asOf, false) AS done, coalesce(started_at <= @asOf, false) AS started
                    {Current}) AS learners
             GROUP BY version
             ORDER BY version
            """);
        command.Parameters.AddWithValue("package", packageId);
        command.Parameters.AddWithValue("asOf", asOf.UtcDateTime);
        var reports = new List<PackageVersionReport>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            reports.Add(new PackageVersionReport(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3),
                reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6)));
        }

        return reports;
    }

    public async Task<IReadOnlyList<PackageLearner>> PackageLearnersAsync(PackageLearnerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Keyset on the primary key's (package_id, user_id) prefix, in key order whatever the filters (db/0016).
        await using var command = dataSource.CreateCommand(
            "SELECT * FROM report_package_learners_page(@package, @asOf, @after, @version, @status, @limit)");
        command.Parameters.AddWithValue("package", query.PackageId);
        command.Parameters.AddWithValue("asOf", query.AsOf.UtcDateTime);
        command.Parameters.AddWithValue("after", query.AfterUserId ?? "");
        command.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Integer) { Value = (object?)query.Version ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Integer) { Value = query.Status is { } s ? (int)s : (object)DBNull.Value });
        command.Parameters.AddWithValue("limit", Math.Clamp(query.Limit, 1, PackageLearnerQuery.MaxLimit));
        return await ReadLearnersAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<PackageLearner>> PackageLearnersOfAsync(
        string packageId, DateTimeOffset asOf, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        await using var command = LearnersCommand(packageId, asOf, "AND user_id = ANY(@users)", "ORDER BY user_id");
        command.Parameters.AddWithValue("users", userIds.ToArray());
        return await ReadLearnersAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<LearnerEnrollment>> LearnerEnrollmentsAsync(IReadOnlyCollection<string> userIds, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        // Every package of a page of people: the placements' user index (ix_report_package_placements_user), one statement.
        await using var command = dataSource.CreateCommand($"""
            SELECT {Standing}, package_id
              FROM (SELECT *, {Status}
                      FROM report_package_placements
                     WHERE user_id = ANY(@users) AND placed_at <= @asOf AND (until_at IS NULL OR until_at > @asOf)) AS learners
            """);
        command.Parameters.AddWithValue("users", userIds.ToArray());
        command.Parameters.AddWithValue("asOf", asOf.UtcDateTime);
        var enrollments = new List<LearnerEnrollment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            enrollments.Add(new LearnerEnrollment(reader.GetString(9), ReadLearner(reader)));
        }

        // Ordered here, not by the database's collation, so the order is the same (ordinal) wherever it runs.
        return [.. enrollments.OrderBy(e => e.Standing.UserId, StringComparer.Ordinal).ThenBy(e => e.PackageId, StringComparer.Ordinal)];
    }

    // A placement's standing at @asOf: its fields in ReadLearner's order, from a row with Status's column.
    private const string Standing = """
        user_id, version, status, enrolled_at, due_at, completed_at, expires_at,
        status <> 2 AND due_at < @asOf, status = 2 AND recertify_from <= @asOf AND expires_at > @asOf
        """;

    private const string Status = "CASE WHEN completed_at <= @asOf THEN 2 WHEN started_at <= @asOf THEN 1 ELSE 0 END AS status";

    private NpgsqlCommand LearnersCommand(string packageId, DateTimeOffset asOf, string where, string tail)
    {
        var command = dataSource.CreateCommand($"""
            SELECT {Standing}
              FROM (SELECT *, {Status}
                    {Current} {where}) AS learners
            {tail}
            """);
        command.Parameters.AddWithValue("package", packageId);
        command.Parameters.AddWithValue("asOf", asOf.UtcDateTime);
        return command;
    }

    private static async Task<IReadOnlyList<PackageLearner>> ReadLearnersAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var learners = new List<PackageLearner>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            learners.Add(ReadLearner(reader));
        }

        return learners;
    }

    private static PackageLearner ReadLearner(NpgsqlDataReader reader)
    {
        var completed = reader.GetInt32(2) == (int)EnrollmentStatus.Completed;
        return new PackageLearner(reader.GetString(0), reader.GetInt32(1), (EnrollmentStatus)reader.GetInt32(2), At(reader, 3)!.Value,
            At(reader, 4), completed ? At(reader, 5) : null, !reader.IsDBNull(7) && reader.GetBoolean(7), completed ? At(reader, 6) : null,
            !reader.IsDBNull(8) && reader.GetBoolean(8));
    }

    public Task<IReadOnlyList<DailyCount>> PackageCompletionsPerDayAsync(string packageId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        DailyAsync("""
            SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, count(*)::int
              FROM report_package_facts
             WHERE package_id = @id AND kind = 'package_completed' AND occurred_at >= @from AND occurred_at < @to
             GROUP BY day ORDER BY day
            """, packageId, from, to, cancellationToken);

    public async Task<IReadOnlyList<CourseVersionReport>> CourseReportAsync(string courseId, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT course_version,
                   (count(*) FILTER (WHERE started_at <= @asOf))::int,
                   (count(*) FILTER (WHERE started_at <= @asOf AND NOT coalesce(completed_at <= @asOf, false)))::int,
                   (count(*) FILTER (WHERE completed_at <= @asOf))::int,
                   (count(*) FILTER (WHERE attempted_at <= @asOf))::int,
                   (count(*) FILTER (WHERE passed_at <= @asOf))::int,
                   coalesce(sum(attempts_to_pass) FILTER (WHERE passed_at <= @asOf), 0)::int,
                   (count(*) FILTER (WHERE completed_at <= @asOf AND started_at <= completed_at))::int,
                   coalesce(sum(floor(extract(epoch FROM completed_at - started_at))) FILTER (WHERE completed_at <= @asOf AND started_at <= completed_at), 0)::bigint
              FROM report_course_learners
             WHERE course_id = @course AND (started_at <= @asOf OR completed_at <= @asOf OR attempted_at <= @asOf)
             GROUP BY course_version
             ORDER BY course_version
            """);
        command.Parameters.AddWithValue("course", courseId);
        command.Parameters.AddWithValue("asOf", asOf.UtcDateTime);
        var reports = new List<CourseVersionReport>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            reports.Add(new CourseVersionReport(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5),
                reader.GetInt32(6), reader.GetInt32(7), reader.GetInt64(8)));
        }

        return reports;
    }

    public Task<IReadOnlyList<DailyCount>> CourseCompletionsPerDayAsync(string courseId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        DailyAsync("""
            SELECT (completed_at AT TIME ZONE 'UTC')::date AS day, count(*)::int
              FROM report_course_learners
             WHERE course_id = @id AND completed_at >= @from AND completed_at < @to
             GROUP BY day ORDER BY day
            """, courseId, from, to, cancellationToken);

    public async Task<IReadOnlyList<CourseVersionLearners>> CourseLearnersAsync(string courseId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT course_version, sum(started)::int, sum(completed)::int
              FROM report_course_version_counts
             WHERE course_id = @course
             GROUP BY course_version
            HAVING sum(started) + sum(completed) > 0
             ORDER BY course_version
            """);
        command.Parameters.AddWithValue("course", courseId);
        var counts = new List<CourseVersionLearners>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new CourseVersionLearners(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return counts;
    }

    private async Task<IReadOnlyList<DailyCount>> DailyAsync(string sql, string id, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("from", from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        command.Parameters.AddWithValue("to", to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        var days = new List<DailyCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new DailyCount(reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1)));
        }

        return days;
    }

    private static DateTimeOffset? At(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetDateTime(ordinal), TimeSpan.Zero);
}
