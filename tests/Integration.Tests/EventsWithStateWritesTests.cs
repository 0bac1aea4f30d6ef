using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Learning;
using CoursePortal.Integration.Tests.Infrastructure;
using CoursePortal.Grains.Database;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace CoursePortal.Integration.Tests;

/// <summary>
/// The grain state write function of db/0007, which appends the stored outbox's learning events in the write's own
/// transaction: called as the ADO.NET provider calls it, and through real silos for rows stored before it.
/// </summary>
public sealed class EventsWithStateWritesTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Service = "events-with-writes";

    [Fact]
    public async Task AnEventRepeatedInALaterWriteLandsOnceWithItsFieldsAndInTheTransactionOfItsFirstWrite()
    {
        var key = $"probe:{Guid.NewGuid():N}";
        var first = Event("lesson_completed", "l1", """{"score":3}""");
        var second = Event("course_completed", null, "{}");

        var v1 = await WriteAsync(key, null, first);
        var firstWriter = await StorageWriterAsync(key);
        var v2 = await WriteAsync(key, v1, first, second);
        var secondWriter = await StorageWriterAsync(key);
        var v3 = await WriteAsync(key, v2, first, second);

        Assert.Equal((1, 2, 3), (v1, v2, v3));
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM learning_events WHERE user_id IN (@a, @b)",
            ("a", first.UserId!), ("b", second.UserId!)));
        Assert.Equal((firstWriter, secondWriter), (await EventWriterAsync(first.EventId), await EventWriterAsync(second.EventId)));
        var row = await ReadRowAsync(first.EventId);
        Assert.Equal(
            (first.Kind, first.ActorId, first.UserId, first.CourseId, first.CourseVersion, first.LessonId, first.PackageId, first.PackageVersion),
            (row.Kind, row.ActorId, row.UserId, row.CourseId, row.CourseVersion, row.LessonId, row.PackageId, row.PackageVersion));
        // Microseconds, cut as Npgsql cuts a DateTime it sends, so a query bounded by the grain's own time finds the event.
        Assert.Equal(first.OccurredAt.UtcDateTime.Ticks / 10 * 10, row.OccurredAt.Ticks);
        Assert.Equal(3, JsonDocument.Parse(row.Details).RootElement.GetProperty("score").GetInt32());
    }

    [Fact]
    public async Task AWriteThatLosesItsVersionCheckInsertsNoEvent()
    {
        var key = $"probe:{Guid.NewGuid():N}";
        var v1 = await WriteAsync(key, null);
        var racingFirstWrite = Event("lesson_completed", "l1", "{}");
        var staleWrite = Event("lesson_completed", "l2", "{}");

        var lostInsert = await WriteAsync(key, null, racingFirstWrite);
        var lostUpdate = await WriteAsync(key, v1 + 5, staleWrite);

        Assert.Equal(1, v1);
        Assert.Equal((null, null), (lostInsert, lostUpdate));
        Assert.Equal(0L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM learning_events WHERE event_id IN (@a, @b)", ("a", racingFirstWrite.EventId), ("b", staleWrite.EventId)));
    }

    [Fact]
    public async Task ARowStoredBeforeTheMigrationWithEventsNotYetDeliveredHasThemDeliveredOnce()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId, userId, courseId) = ($"cluster-{id}", $"service-{id}", $"learner-{id}", $"before-{id}");
        var key = GrainKeys.CourseEnrollment(userId, courseId);

        // The write function as it was before db/0007, and a silo whose deliveries never land: the row keeps its events.
        await ExecuteAsync(Migration.Embedded.Single(m => m.Version == 2).Sql);
        try
        {
            await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, services => services.AddSingleton<ILearningEventSink>(
                sp => new FaultyLearningEventSink(sp.GetRequiredService<NpgsqlDataSource>(), FaultyLearningEventSink.Fault.LoseTheInsert))))
            await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
            {
                await TwoLessonCourse.PublishAsync(client.Client, courseId, "Before");
                var progress = client.Client.GetGrain<ICourseEnrollmentGrain>(key);
                await progress.StartAsync();
                await progress.CompleteLessonAsync("l1");
                await silo.KillAsync();
            }
        }
        finally
        {
            // Back to today's functions: db/0007 and what later scripts redefine (db/0008's append for the partitioned key).
            foreach (var migration in Migration.Embedded.Where(m => m.Version >= Migration.EventsWithStateWrites))
            {
                await ExecuteAsync(migration.Sql);
            }
        }

        var landedBefore = await CountAsync(userId, courseId);
        var pendingBefore = await PendingInRowAsync(serviceId, key);
        for (var restart = 0; restart < 2; restart++)
        {
            await using var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId);
            await using var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId);
            var progress = client.Client.GetGrain<ICourseEnrollmentGrain>(key);
            await progress.GetProgressAsync();
            var expected = restart == 0 ? 2 : 4;
            await Eventually.HoldsAsync(async () => await CountAsync(userId, courseId) == expected, TimeSpan.FromSeconds(30), "the stored events land");
            if (restart == 0)
            {
                await progress.CompleteLessonAsync("l2");
            }

            await Task.Delay(500);
        }

        Assert.Equal((0L, 2), (landedBefore, pendingBefore));
        Assert.Equal(4L, await CountAsync(userId, courseId));
        Assert.Equal(
            ["course_completed", "course_started", "lesson_completed", "lesson_completed"],
            await KindsAsync(userId, courseId));
    }

    private static LearningEvent Event(string kind, string? lessonId, string details) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow.AddTicks(7), kind, "actor", $"user-{Guid.NewGuid():N}"[..20], CourseId: "course", CourseVersion: 2,
            LessonId: lessonId, Details: details);

    // Called with the provider's own query text and the payload a grain state with these events serializes to.
    private async Task<int?> WriteAsync(string key, int? version, params LearningEvent[] events)
    {
        var state = new CourseEnrollmentState { Outbox = new Outbox() };
        state.Outbox.AddRange(events);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var lookup = new NpgsqlCommand("SELECT querytext FROM orleansquery WHERE querykey = 'WriteToStorageKey'", connection);
        await using var command = new NpgsqlCommand((string)(await lookup.ExecuteScalarAsync())!, connection);
        command.Parameters.AddWithValue("GrainIdHash", 1);
        command.Parameters.AddWithValue("GrainIdN0", 0L);
        command.Parameters.AddWithValue("GrainIdN1", 0L);
        command.Parameters.AddWithValue("GrainTypeHash", 2);
        command.Parameters.AddWithValue("GrainTypeString", "probe");
        command.Parameters.AddWithValue("GrainIdExtensionString", key);
        command.Parameters.AddWithValue("ServiceId", Service);
        command.Parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlDbType.Integer) { Value = (object?)version ?? DBNull.Value });
        command.Parameters.AddWithValue("PayloadBinary", JsonSerializer.SerializeToUtf8Bytes(state));
        var result = await command.ExecuteScalarAsync();
        return result is int v ? v : null;
    }

    // The transaction that wrote the row as it is now, and the one that inserted an event.
    private Task<string?> StorageWriterAsync(string key) =>
        database.ScalarAsync<string>("SELECT xmin::text FROM orleansstorage WHERE serviceid = @s AND grainidextensionstring = @k", ("s", Service), ("k", key));

    private Task<string?> EventWriterAsync(Guid eventId) =>
        database.ScalarAsync<string>("SELECT xmin::text FROM learning_events WHERE event_id = @e", ("e", eventId));

    private async Task<(string Kind, string? ActorId, string? UserId, string? CourseId, int? CourseVersion, string? LessonId, string? PackageId,
        int? PackageVersion, DateTime OccurredAt, string Details)> ReadRowAsync(Guid eventId)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT kind, actor_id, user_id, course_id, course_version, lesson_id, package_id, package_version, occurred_at, details::text
              FROM learning_events WHERE event_id = @e
            """, connection);
        command.Parameters.AddWithValue("e", eventId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetInt32(7), reader.GetDateTime(8), reader.GetString(9));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Task<long> CountAsync(string userId, string courseId) =>
        database.ScalarAsync<long>("SELECT count(*) FROM learning_events WHERE user_id = @u AND course_id = @c", ("u", userId), ("c", courseId));

    private async Task<string[]> KindsAsync(string userId, string courseId) =>
        (await database.ScalarAsync<string[]>(
            "SELECT array_agg(kind ORDER BY kind) FROM learning_events WHERE user_id = @u AND course_id = @c", ("u", userId), ("c", courseId)))!;

    private async Task<int> PendingInRowAsync(string serviceId, string key) =>
        await database.ScalarAsync<int>("""
            SELECT jsonb_array_length(convert_from(payloadbinary, 'UTF8')::jsonb -> 'Outbox' -> 'Events')
              FROM orleansstorage WHERE serviceid = @s AND grainidextensionstring = @k
            """, ("s", serviceId), ("k", key));
}
