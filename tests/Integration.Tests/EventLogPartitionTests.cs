using System.Text.Json;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Database;
using CoursePortal.Grains.Learning;
using CoursePortal.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CoursePortal.Integration.Tests;

/// <summary>
/// learning_events partitioned by month (db/0008): a log written under the old schema is carried over row for row, an
/// event still lands once whichever path appends it (now keyed by event id and time), the upkeep creates months ahead
/// and moves events that waited in the default partition into their own month, and old or far-future events land.
/// </summary>
public sealed class EventLogPartitionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset BeforeTwoThousand = new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(1_234_567);

    private PostgresServer _server = null!;
    private string _connectionString = "";
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.GetAsync();
        _connectionString = await _server.CreateDatabaseAsync("cp_part");
        _dataSource = NpgsqlDataSource.Create(_connectionString);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _server.DropDatabaseAsync(_connectionString);
    }

    [Fact]
    public async Task ALogWrittenUnderTheOldSchemaIsCarriedOverRowForRowAndEachEventStillLandsOnce()
    {
        var migrator = new SchemaMigrator(_dataSource, NullLogger<SchemaMigrator>.Instance);
        await migrator.ApplyAsync([.. Migration.Embedded.Where(m => m.Version <= Migration.EventsWithStateWrites)]);
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset[] times = [BeforeTwoThousand, new(2016, 2, 29, 12, 0, 0, TimeSpan.Zero), new(2021, 7, 1, 0, 0, 0, TimeSpan.Zero), now, now.AddMonths(2)];
        var throughFunction = times.Select((t, i) => Event(t, $"f{i}")).ToList();
        var throughSink = times.Skip(1).Select((t, i) => Event(t.AddTicks(3), $"s{i}")).ToList();
        await AppendThroughWriteFunctionAsync(throughFunction);
        await new PreviousReleaseLearningEventSink(_dataSource).AppendAsync(throughSink);
        var before = await RowsAsync();

        var applied = await migrator.ApplyAsync(Migration.Embedded);

        Assert.Contains(8, applied.Select(m => m.Version));
        Assert.Equal('p', await ScalarAsync<char>("SELECT relkind FROM pg_class WHERE oid = 'learning_events'::regclass"));
        Assert.Equal(before, await RowsAsync());
        Assert.Equal(0L, await ScalarAsync<long>("""
            SELECT count(*) FROM learning_events
             WHERE tableoid::regclass::text <> learning_events_partition_name(learning_events_month_of(occurred_at))
            """));
        Assert.Equal(4L, await MonthsFromNowAsync(0, 3));

        // The same events again, through both paths of today: nothing lands twice.
        await AppendThroughWriteFunctionAsync([.. throughFunction, .. throughSink]);
        await new PostgresLearningEventSink(_dataSource).AppendAsync([.. throughFunction, .. throughSink]);
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task ATimeBefore2000WithSubMicrosecondTicksLandsOnceThroughTheWriteFunctionAndTheSink()
    {
        await MigrateAsync();
        var sink = new PostgresLearningEventSink(_dataSource);
        var functionFirst = Event(BeforeTwoThousand, "function-first");
        var sinkFirst = Event(BeforeTwoThousand.AddTicks(5), "sink-first");

        await AppendThroughWriteFunctionAsync([functionFirst]);
        await sink.AppendAsync([functionFirst, sinkFirst]);
        await AppendThroughWriteFunctionAsync([sinkFirst]);

        Assert.Equal(2L, await ScalarAsync<long>("SELECT count(*) FROM learning_events"));
        Assert.Equal(
            "1999-12-31 23:59:59.123456+00,1999-12-31 23:59:59.123457+00",
            await ScalarAsync<string>("SELECT string_agg(occurred_at::text, ',' ORDER BY occurred_at) FROM learning_events"));
    }

    [Fact]
    public async Task TheUpkeepCreatesTheMonthsAheadOnceAndImportsCanCreateTenYearsBeforeTheyCopy()
    {
        await MigrateAsync();
        var upkeep = new EventPartitionUpkeep(_dataSource, NullLogger<EventPartitionUpkeep>.Instance);
        // As if the months had turned since the migration: the furthest month ahead is missing.
        await ExecuteAsync("""
            DO $$ BEGIN
                EXECUTE format('DROP TABLE %I', learning_events_partition_name(learning_events_month_of(now() + interval '3 months')));
            END $$
            """);
        Assert.Equal(3L, await MonthsFromNowAsync(0, 3));

        var first = await upkeep.RunOnceAsync();
        var second = await upkeep.RunOnceAsync();
        var tenYears = await ScalarAsync<int>("SELECT learning_events_create_partitions('2010-01-15 00:00+00', '2019-12-31 23:00+00')");
        var tenYearsAgain = await ScalarAsync<int>("SELECT learning_events_create_partitions('2010-01-01 00:00+00', '2019-12-01 00:00+00')");

        Assert.Equal((1, 0), (first, second));
        Assert.Equal(4L, await MonthsFromNowAsync(0, EventPartitionUpkeep.MonthsAhead));
        Assert.Equal((120, 0), (tenYears, tenYearsAgain));
        Assert.Equal(
            ("learning_events_y2010m01", "FOR VALUES FROM ('2010-01-01 00:00:00+00') TO ('2010-02-01 00:00:00+00')"),
            (await ScalarAsync<string>("SELECT min(c.relname::text) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relname LIKE 'learning_events_y2010%'"),
             await ScalarAsync<string>("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'learning_events_y2010m01'")));
    }

    [Fact]
    public async Task OldAndFarFutureEventsLandInTheDefaultPartitionAndTheUpkeepMovesThemIntoTheirMonthsOnce()
    {
        await MigrateAsync();
        var sink = new PostgresLearningEventSink(_dataSource);
        var imported = Event(new DateTimeOffset(2009, 3, 10, 8, 30, 0, TimeSpan.Zero), "imported");
        var importedLater = Event(new DateTimeOffset(2009, 3, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999), "imported-later");
        var skewed = Event(new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero), "skewed");
        await sink.AppendAsync([imported, skewed]);
        await AppendThroughWriteFunctionAsync([importedLater, skewed]);
        var before = await RowsAsync();
        var waiting = await ScalarAsync<long>("SELECT count(*) FROM learning_events_default");

        var created = await new EventPartitionUpkeep(_dataSource, NullLogger<EventPartitionUpkeep>.Instance).RunOnceAsync();
        await sink.AppendAsync([imported, importedLater, skewed]);
        await AppendThroughWriteFunctionAsync([imported, importedLater, skewed]);

        Assert.Equal((3L, 2), (waiting, created));
        Assert.Equal(before, await RowsAsync());
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM learning_events_default"));
        Assert.Equal(
            "learning_events_y2009m03,learning_events_y2009m03,learning_events_y2090m01",
            await ScalarAsync<string>("SELECT string_agg(tableoid::regclass::text, ',' ORDER BY occurred_at) FROM learning_events"));
    }

    [Fact]
    public async Task AnArchivedMonthIsLeftAloneAndItsLateEventsWaitInTheDefaultPartition()
    {
        await MigrateAsync();
        await ExecuteAsync("SELECT learning_events_create_partitions('2012-05-01 00:00+00', '2012-05-01 00:00+00')");
        var early = Event(new DateTimeOffset(2012, 5, 2, 0, 0, 0, TimeSpan.Zero), "early");
        await AppendThroughWriteFunctionAsync([early]);
        // The operator's archival (docs/operations.md): detached, kept under its name.
        await ExecuteAsync("ALTER TABLE learning_events DETACH PARTITION learning_events_y2012m05");
        var late = Event(new DateTimeOffset(2012, 5, 20, 0, 0, 0, TimeSpan.Zero), "late");
        await AppendThroughWriteFunctionAsync([late]);

        var created = await ScalarAsync<int>("SELECT learning_events_create_partitions('2012-05-01 00:00+00', '2012-05-31 00:00+00')");

        Assert.Equal(0, created);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM learning_events_y2012m05"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM learning_events_default"));
        Assert.Equal(late.EventId, await ScalarAsync<Guid>("SELECT event_id FROM learning_events"));
    }

    private static LearningEvent Event(DateTimeOffset at, string lesson) =>
        new(Guid.NewGuid(), at, LearningEventKinds.LessonCompleted, "actor", $"user-{lesson}", CourseId: "course", CourseVersion: 1,
            LessonId: lesson, Details: """{"n":1}""");

    private async Task MigrateAsync() => await new SchemaMigrator(_dataSource, NullLogger<SchemaMigrator>.Instance).ApplyAsync(Migration.Embedded);

    // As the state write function appends a stored outbox's events: the same System.Text.Json form.
    private async Task AppendThroughWriteFunctionAsync(IReadOnlyList<LearningEvent> events)
    {
        await using var command = _dataSource.CreateCommand("SELECT learning_events_append(@events::jsonb)");
        command.Parameters.AddWithValue("events", JsonSerializer.Serialize(events));
        await command.ExecuteNonQueryAsync();
    }

    // Every column of every row, recorded_at included, in one text to compare.
    private Task<string> RowsAsync() =>
        ScalarAsync<string>("""
            SELECT string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', event_id, occurred_at, recorded_at, kind, actor_id, user_id,
                                     package_id, package_version, course_id, course_version, lesson_id, details), E'\n' ORDER BY event_id)
              FROM learning_events
            """);

    private Task<long> MonthsFromNowAsync(int from, int to) =>
        ScalarAsync<long>("""
            SELECT count(*) FROM generate_series(@from, @to) AS ahead
             WHERE EXISTS (SELECT 1 FROM pg_inherits
                            WHERE inhparent = 'learning_events'::regclass
                              AND inhrelid = to_regclass(learning_events_partition_name(
                                  learning_events_month_of(now()) + make_interval(months => ahead))))
            """, ("from", from), ("to", to));

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
