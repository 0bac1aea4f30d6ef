using System.Text.Json;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Database;
using CoursePortal.Grains.Learning;
using CoursePortal.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit.Abstractions;

namespace CoursePortal.Integration.Tests;

/// <summary>The report read models (db/0009, with db/0010's attempts to pass), maintained by triggers as events land, equal a full replay of the events
/// that landed (PackageVersionReport.Build, PackageLearner.Replay with and without a search's learners, CourseVersionReport.Build
/// with its attempts per pass and time to complete, a team's learners in every package at once), as of several moments, on
/// random histories inserted out of order in random batches, some of them aborted mid-projection (the inserting backend
/// terminated while its trigger waits, or the transaction rolled back) and retried with the same event ids; and
/// report_rebuild() gives back exactly the maintained rows.</summary>
public sealed class ReportReadModelTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task MaintainedFiguresEqualTheReplayOfWhatLandedAcrossAbortedBatches()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var sink = new PostgresLearningEventSink(dataSource);
        var reports = new PostgresReportQueries(dataSource);
        var aborted = 0;
        for (var seed = 1; seed <= 12; seed++)
        {
            var history = new History(seed);
            var random = new Random(seed * 7919);
            var landed = new List<LearningEvent>();
            var batches = history.Events.OrderBy(_ => random.Next()).Chunk(1 + random.Next(6)).ToList();
            foreach (var (batch, index) in batches.Select((b, i) => (b, i)))
            {
                switch (random.Next(5))
                {
                    case 0:
                        await RollBackAsync(dataSource, batch);
                        aborted++;
                        break;
                    case 1 when await TerminateMidProjectionAsync(dataSource, batch):
                        aborted++;
                        break;
                }

                await sink.AppendAsync(batch);
                landed.AddRange(batch);
                if (random.Next(4) == 0)
                {
                    await sink.AppendAsync(landed.OrderBy(_ => random.Next()).Take(5).ToList());
                }

                if (index == batches.Count / 2 || index == batches.Count - 1)
                {
                    await AssertEqualsReplayAsync(reports, history, landed);
                }
            }
        }

        output.WriteLine($"12 histories, {aborted} batches aborted and retried");
        var maintained = await ReadModelRowsAsync(dataSource);
        await using (var rebuild = dataSource.CreateCommand("SELECT report_rebuild()"))
        {
            await rebuild.ExecuteScalarAsync();
        }

        Assert.Equal(maintained, await ReadModelRowsAsync(dataSource));
        Assert.True(maintained.Count > 500, $"only {maintained.Count} read-model rows");
    }

    [Fact]
    public async Task OneStatementCarryingFortyThousandLearnersEventsLandsAndIsProjected()
    {
        // An import or a restore as one statement: before the learners' locks went into buckets, each learner took a lock
        // of its own until commit, and 40,000 of them overran this server's lock table (64 per connection, 300 connections).
        // The attempts take db/0010's lock per learner and course, in buckets too.
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var course = $"bulk-{Guid.NewGuid():N}";
        await using (var insert = dataSource.CreateCommand("""
            INSERT INTO learning_events (event_id, occurred_at, kind, actor_id, user_id, course_id, course_version, details)
            SELECT gen_random_uuid(), now() - interval '1 hour' + k.after, k.kind, 'u' || g, @course || '-u' || g, @course, 1, k.details::jsonb
              FROM generate_series(1, 40000) AS g
             CROSS JOIN (VALUES ('course_started', interval '0', '{}'),
                                ('assessment_attempted', interval '1 minute', '{"passed": true}')) AS k (kind, after, details)
            """))
        {
            insert.Parameters.AddWithValue("course", course);
            await insert.ExecuteNonQueryAsync();
        }

        var reports = new PostgresReportQueries(dataSource);
        Assert.Equal([new CourseVersionLearners(1, 40_000, 0)], await reports.CourseLearnersAsync(course));
        var report = Assert.Single(await reports.CourseReportAsync(course, DateTimeOffset.UtcNow));
        Assert.Equal((40_000, 40_000, 40_000), (report.Attempted, report.Passed, report.PassAttempts));
    }

    // Before 0009 no read model existed; before 0010 they had no attempts to pass, which its migration fills.
    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    public async Task EventsWrittenBeforeTheReadModelsExistedAreInThemOnceTheMigrationRuns(int migration)
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("cp_reports");
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);
            await migrator.ApplyAsync([.. Migration.Embedded.Where(m => m.Version < migration)]);
            var history = new History(99);
            await new PostgresLearningEventSink(dataSource).AppendAsync(history.Events);

            await migrator.ApplyAsync(Migration.Embedded);

            await AssertEqualsReplayAsync(new PostgresReportQueries(dataSource), history, history.Events);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task AssertEqualsReplayAsync(PostgresReportQueries reports, History history, List<LearningEvent> landed)
    {
        foreach (var asOf in history.Moments)
        {
            foreach (var package in history.Packages)
            {
                Assert.Equal(PackageVersionReport.Build(package, landed, asOf).AsEnumerable(), await reports.PackageReportAsync(package, asOf));
                var learners = PackageLearner.Replay(package, landed, asOf);
                Assert.Equal(learners, await reports.PackageLearnersAsync(new PackageLearnerQuery(package, asOf, Limit: 1000)));
                // A search's matches: some enrolled learners and one who is not.
                string[] matches = [.. learners.Where((_, i) => i % 2 == 0).Select(l => l.UserId), "nobody-enrolled"];
                Assert.Equal(learners.Where(l => matches.Contains(l.UserId)), await reports.PackageLearnersOfAsync(package, asOf, matches));
                foreach (var query in Filters(package, asOf))
                {
                    Assert.Equal(learners.Where(query.Matches), await PagesAsync(reports, query));
                }
            }

            foreach (var course in history.Courses)
            {
                Assert.Equal(CourseVersionReport.Build(course, landed, asOf).AsEnumerable(), await reports.CourseReportAsync(course, asOf));
            }
        }

        var (from, to) = (DateOnly.FromDateTime(Start.UtcDateTime), DateOnly.FromDateTime(Start.AddDays(400).UtcDateTime));
        var memory = new InMemoryLearningEventSink();
        await memory.AppendAsync(landed);
        var replay = new InMemoryReportQueries(memory);
        foreach (var package in history.Packages)
        {
            Assert.Equal(await replay.PackageCompletionsPerDayAsync(package, from, to), await reports.PackageCompletionsPerDayAsync(package, from, to));
        }

        foreach (var course in history.Courses)
        {
            Assert.Equal(await replay.CourseCompletionsPerDayAsync(course, from, to), await reports.CourseCompletionsPerDayAsync(course, from, to));
            Assert.Equal(await replay.CourseLearnersAsync(course), await reports.CourseLearnersAsync(course));
        }

        // A page of a team: some of the learners (and one who never enrolled), in every package at once.
        string[] team = [.. history.Users.Where((_, i) => i % 3 != 1), "nobody-enrolled"];
        var rows = 0;
        foreach (var asOf in history.Moments)
        {
            var expected = history.Packages
                .SelectMany(p => PackageLearner.Replay(p, landed, asOf).Where(l => team.Contains(l.UserId)).Select(l => new LearnerEnrollment(p, l)))
                .OrderBy(e => e.Standing.UserId, StringComparer.Ordinal).ThenBy(e => e.PackageId, StringComparer.Ordinal).ToList();
            Assert.Equal(expected, await replay.LearnerEnrollmentsAsync(team, asOf));
            Assert.Equal(expected, await reports.LearnerEnrollmentsAsync(team, asOf));
            rows += expected.Count;
        }

        Assert.True(rows > 0, "the team was enrolled in nothing at any moment");
    }

    private static IEnumerable<PackageLearnerQuery> Filters(string package, DateTimeOffset asOf) =>
    [
        new(package, asOf, Version: 2, Limit: 2),
        new(package, asOf, Status: EnrollmentStatus.NotStarted, Limit: 3),
        new(package, asOf, Status: EnrollmentStatus.InProgress, Limit: 1),
        new(package, asOf, Version: 1, Status: EnrollmentStatus.Completed, Limit: 2),
    ];

    private static async Task<List<PackageLearner>> PagesAsync(PostgresReportQueries reports, PackageLearnerQuery query)
    {
        var all = new List<PackageLearner>();
        IReadOnlyList<PackageLearner> page;
        do
        {
            page = await reports.PackageLearnersAsync(query with { AfterUserId = all.Count > 0 ? all[^1].UserId : null });
            all.AddRange(page);
        }
        while (page.Count == query.Limit);

        return all;
    }

    // The state write's own path (learning_events_append, db/0007) in a transaction that is then rolled back.
    private static async Task RollBackAsync(NpgsqlDataSource dataSource, LearningEvent[] batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await AppendAsync(connection, batch);
        await transaction.RollbackAsync();
    }

    // Holds the learner's report lock, so the batch's insert stops inside its trigger (its event rows written, their
    // projection not), then terminates the inserting backend there: the crash of a silo or database session mid-projection.
    private static async Task<bool> TerminateMidProjectionAsync(NpgsqlDataSource dataSource, LearningEvent[] batch)
    {
        if (batch.FirstOrDefault(e => e.UserId is not null && (e.PackageVersion is not null || e.CourseId is not null) && e.Kind is LearningEventKinds.Enrolled
            or LearningEventKinds.MovedToVersion or LearningEventKinds.PackageCompleted or LearningEventKinds.LessonCompleted or LearningEventKinds.CourseStarted) is not { } held)
        {
            return false;
        }

        await using var holder = await dataSource.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await ExecuteAsync(holder, "SELECT report_learner_lock(@user, true)", ("user", held.UserId!));
        await using var inserter = await dataSource.OpenConnectionAsync();
        var pid = inserter.ProcessID;
        await ExecuteAsync(inserter, "BEGIN");
        var insert = AppendAsync(inserter, batch);
        await Eventually.HoldsAsync(
            async () => await ScalarAsync(holder, "SELECT count(*) FROM pg_stat_activity WHERE pid = @pid AND wait_event_type = 'Lock'", ("pid", pid)) is 1L,
            TimeSpan.FromSeconds(10), "the insert waits inside its trigger");
        await ExecuteAsync(holder, "SELECT pg_terminate_backend(@pid)", ("pid", pid));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => insert);
        await hold.RollbackAsync();
        NpgsqlConnection.ClearAllPools();
        return true;
    }

    private static async Task AppendAsync(NpgsqlConnection connection, LearningEvent[] batch) =>
        await ExecuteAsync(connection, "SELECT learning_events_append(@events::jsonb)", ("events", JsonSerializer.Serialize(batch)));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await ScalarAsync(connection, sql, parameters);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<string>> ReadModelRowsAsync(NpgsqlDataSource dataSource)
    {
        var rows = new List<string>();
        foreach (var table in new[] { "report_package_facts", "report_package_placements", "report_course_learners", "report_course_version_counts" })
        {
            await using var command = dataSource.CreateCommand($"SELECT '{table} ' || t::text AS row FROM {table} AS t ORDER BY row");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        return rows;
    }

    /// <summary>A random history of a few learners in two packages (three versions) and three courses (two versions):
    /// enrollments and re-enrollments with and without due dates, moves (some before any enrollment), course activity,
    /// due-date changes (to a date or none), package completions with and without an expiry, package starts (counted only in enrollments that say they record
    /// them), assessment attempts, credit, and events of other kinds. Every event
    /// has its own second, so the replay's order is the time order.</summary>
    private sealed class History
    {
        public History(int seed)
        {
            var random = new Random(seed);
            var run = $"r{seed}-{Guid.NewGuid():N}"[..12];
            Packages = [$"{run}-p0", $"{run}-p1"];
            Courses = [$"{run}-c0", $"{run}-c1", $"{run}-c2"];
            var seconds = Enumerable.Range(0, 360 * 24).OrderBy(_ => random.Next()).Take(400).Order().Select(h => Start.AddHours(h).AddSeconds(random.Next(3600))).ToList();
            Users = [.. Enumerable.Range(0, 10).Select(u => $"{run}-u{u}")];
            Events = [.. seconds.Select(at => Event(random, at, Users[random.Next(Users.Count)]))];
            Moments = [.. Enumerable.Range(0, 4).Select(_ => Start.AddHours(random.Next(360 * 24))), Start.AddDays(400), seconds[random.Next(seconds.Count)]];
        }

        public List<string> Packages { get; }

        public List<string> Courses { get; }

        public List<string> Users { get; }

        public List<LearningEvent> Events { get; }

        public List<DateTimeOffset> Moments { get; }

        private LearningEvent Event(Random random, DateTimeOffset at, string user)
        {
            var package = Packages[random.Next(Packages.Count)];
            var (course, courseVersion) = (Courses[random.Next(Courses.Count)], 1 + random.Next(2));
            var version = 1 + random.Next(3);
            return random.Next(23) switch
            {
                // Enrollments of this release say they record package_started; older ones go by course activity.
                0 or 1 or 2 => new(Guid.NewGuid(), at, LearningEventKinds.Enrolled, "admin", user, package, version,
                    Details: random.Next(3) switch
                    {
                        0 => "{}",
                        1 => Details(new { dueAt = at.AddDays(random.Next(1, 90)), enrolledBy = "admin" }),
                        _ => Details(new { dueAt = random.Next(2) == 0 ? (DateTimeOffset?)null : at.AddDays(random.Next(1, 90)), enrolledBy = "admin", startedEvent = true }),
                    }),
                20 or 21 => new(Guid.NewGuid(), at, LearningEventKinds.PackageStarted, user, user, package, version),
                22 => new(Guid.NewGuid(), at, LearningEventKinds.DueDateChanged, "manager", user, package, version,
                    Details: Details(new { dueAt = random.Next(3) == 0 ? (DateTimeOffset?)null : at.AddDays(random.Next(1, 90)) })),
                3 => new(Guid.NewGuid(), at, LearningEventKinds.MovedToVersion, "admin", user, package, version, Details: Details(new { from = 1, to = version })),
                4 or 5 => new(Guid.NewGuid(), at, LearningEventKinds.PackageCompleted, user, user, package, version,
                    Details: random.Next(3) == 0 ? "{}" : Details(new { expiresAt = at.AddDays(random.Next(5, 200)), validityDays = random.Next(5, 200) })),
                6 or 7 => new(Guid.NewGuid(), at, LearningEventKinds.CourseStarted, user, user, CourseId: course, CourseVersion: courseVersion),
                8 or 9 or 10 or 11 => new(Guid.NewGuid(), at, LearningEventKinds.LessonCompleted, user, user, CourseId: course, CourseVersion: courseVersion, LessonId: "l1"),
                12 or 13 => new(Guid.NewGuid(), at, LearningEventKinds.CourseCompleted, user, user, CourseId: course, CourseVersion: courseVersion),
                14 or 15 => new(Guid.NewGuid(), at, LearningEventKinds.AssessmentAttempted, user, user, CourseId: course, CourseVersion: courseVersion, LessonId: "quiz",
                    Details: Details(new { score = random.Next(100), passed = random.Next(2) == 0, passMark = 50, attempt = 1 })),
                16 => new(Guid.NewGuid(), at, LearningEventKinds.CreditGranted, "admin", user, CourseId: course, Details: Details(new { reason = "imported" })),
                17 => new(Guid.NewGuid(), at, LearningEventKinds.AttemptGranted, "admin", user, CourseId: course, CourseVersion: courseVersion, LessonId: "quiz"),
                18 => new(Guid.NewGuid(), at, LearningEventKinds.VersionPublished, "author", null, package, version),
                _ => new(Guid.NewGuid(), at, LearningEventKinds.Enrolled, "admin", user, package, null),
            };
        }

        private static string Details(object details) => JsonSerializer.Serialize(details);
    }
}
