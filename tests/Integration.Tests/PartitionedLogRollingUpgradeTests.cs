using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Database;
using CoursePortal.Grains.Learning;
using CoursePortal.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CoursePortal.Integration.Tests;

/// <summary>
/// A silo of the previous release on the partitioned log (db/0008) during a rolling upgrade. Its own insert names the old
/// key, ON CONFLICT (event_id), which PostgreSQL refuses on the partitioned table (42P10): the events it was to deliver
/// stay in their grain's stored outbox and land, once, with that grain's next state write (the write function of
/// db/0008 appends the whole stored outbox) or from a silo of the new release that activates the grain.
/// </summary>
public sealed class PartitionedLogRollingUpgradeTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task APreviousReleaseSiloKeepsTheEventsItCannotInsertUntilTheyLandOnce()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId, courseId) = ($"cluster-{id}", $"service-{id}", $"course-{id}");
        var (goesOnUser, waitsUser) = ($"goes-on-{id}", $"waits-{id}");
        var (goesOn, waits) = (GrainKeys.CourseEnrollment(goesOnUser, courseId), GrainKeys.CourseEnrollment(waitsUser, courseId));
        Task<long> CountAsync(string userId) => database.ScalarAsync<long>(
            "SELECT count(*) FROM learning_events WHERE user_id = @u AND course_id = @c", ("u", userId), ("c", courseId));
        await StoreUndeliveredEventsAsync(clusterId, serviceId, courseId, goesOn, waits);

        await using (var previous = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId,
            services => services.AddSingleton<ILearningEventSink>(sp => new PreviousReleaseLearningEventSink(sp.GetRequiredService<NpgsqlDataSource>()))))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            await client.Client.GetGrain<ICourseEnrollmentGrain>(goesOn).GetProgressAsync();
            await client.Client.GetGrain<ICourseEnrollmentGrain>(waits).GetProgressAsync();
            // The delivery on activation and its retry 5 s later both fail; the rows keep their events.
            await Task.Delay(TimeSpan.FromSeconds(7));
            Assert.Equal((0L, 0L), (await CountAsync(goesOnUser), await CountAsync(waitsUser)));
            Assert.Equal((2, 2), (await PendingAsync(serviceId, goesOn), await PendingAsync(serviceId, waits)));

            // The previous release's state write runs the write function of db/0008, which appends the stored outbox too.
            await client.Client.GetGrain<ICourseEnrollmentGrain>(goesOn).CompleteLessonAsync("l2");
            Assert.Equal(4L, await CountAsync(goesOnUser));
            await previous.StopAsync();
        }

        Assert.Equal(2, await PendingAsync(serviceId, waits));
        await using (var current = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            await client.Client.GetGrain<ICourseEnrollmentGrain>(waits).GetProgressAsync();
            await Eventually.HoldsAsync(async () => await CountAsync(waitsUser) == 2, TimeSpan.FromSeconds(30), "the waiting events land");
            await client.Client.GetGrain<ICourseEnrollmentGrain>(waits).CompleteLessonAsync("l2");
            await client.Client.GetGrain<ICourseEnrollmentGrain>(goesOn).GetProgressAsync();
            await Task.Delay(500);
        }

        Assert.Equal((4L, 4L), (await CountAsync(goesOnUser), await CountAsync(waitsUser)));
        Assert.Equal(1L, await database.ScalarAsync<long>(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM learning_events WHERE course_id = @c GROUP BY event_id) AS each_event", ("c", courseId)));
    }

    // Two learners start the course and complete its first lesson while no event reaches learning_events (the write
    // function before db/0007 and a sink whose inserts are lost), so each row keeps two undelivered events.
    private async Task StoreUndeliveredEventsAsync(string clusterId, string serviceId, string courseId, params string[] enrollments)
    {
        await ExecuteAsync(Migration.Embedded.Single(m => m.Version == 2).Sql);
        try
        {
            await using var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, services => services.AddSingleton<ILearningEventSink>(
                sp => new FaultyLearningEventSink(sp.GetRequiredService<NpgsqlDataSource>(), FaultyLearningEventSink.Fault.LoseTheInsert)));
            await using var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId);
            await TwoLessonCourse.PublishAsync(client.Client, courseId, "Upgrade");
            foreach (var key in enrollments)
            {
                var progress = client.Client.GetGrain<ICourseEnrollmentGrain>(key);
                await progress.StartAsync();
                await progress.CompleteLessonAsync("l1");
            }

            await silo.KillAsync();
        }
        finally
        {
            foreach (var migration in Migration.Embedded.Where(m => m.Version >= Migration.EventsWithStateWrites))
            {
                await ExecuteAsync(migration.Sql);
            }
        }
    }

    private async Task<int> PendingAsync(string serviceId, string key) =>
        await database.ScalarAsync<int>("""
            SELECT jsonb_array_length(convert_from(payloadbinary, 'UTF8')::jsonb -> 'Outbox' -> 'Events')
              FROM orleansstorage WHERE serviceid = @s AND grainidextensionstring = @k
            """, ("s", serviceId), ("k", key));

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
