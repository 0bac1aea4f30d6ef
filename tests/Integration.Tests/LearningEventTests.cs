using System.Diagnostics;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Learning;
using CoursePortal.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace CoursePortal.Integration.Tests;

/// <summary>The audit trail on PostgreSQL: each learning event lands exactly once whatever happens around the flush.</summary>
public sealed class LearningEventTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Theory]
    [InlineData(FaultyLearningEventSink.Fault.LoseTheInsert)]
    [InlineData(FaultyLearningEventSink.Fault.DieAfterTheInsert)]
    public async Task EventsLandOnceAcrossACrashBetweenTheStateWriteAndTheFlush(FaultyLearningEventSink.Fault fault)
    {
        var (clusterId, serviceId) = Identity();
        var (userId, courseId) = (Guid.NewGuid().ToString("N"), $"audited-{Guid.NewGuid():N}"[..20]);

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId,
            services => services.AddSingleton<ILearningEventSink>(sp => new FaultyLearningEventSink(sp.GetRequiredService<NpgsqlDataSource>(), fault))))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            await TwoLessonCourse.PublishAsync(client.Client, courseId, "Audited");
            var progress = client.Client.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(userId, courseId));
            await progress.StartAsync();
            await progress.CompleteLessonAsync("l1");
            await silo.KillAsync();
        }

        var landedBeforeRecovery = await CountAsync(userId);
        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            // Any call activates the grain, which delivers what its stored outbox still holds.
            await client.Client.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(userId, courseId)).GetProgressAsync();
            await Eventually.HoldsAsync(async () => await CountAsync(userId) == 2, TimeSpan.FromSeconds(30), "both events land");
            await Task.Delay(500);
        }

        // The state write appends the events in its own transaction (db/0007): a flush that is lost no longer loses anything.
        Assert.Equal(2, landedBeforeRecovery);
        Assert.Equal(2, await CountAsync(userId));
        Assert.Equal(1L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM learning_events WHERE user_id = @u AND kind = 'lesson_completed' AND lesson_id = 'l1' AND course_version = 1", ("u", userId)));
    }

    [Fact]
    public async Task AThousandLearnersCompletingLessonsAtOnceLoseNothing()
    {
        const int Learners = 1_000;
        var (clusterId, serviceId) = Identity();
        var courseId = $"crowd-{Guid.NewGuid():N}"[..18];
        var users = Enumerable.Range(0, Learners).Select(i => $"crowd{i}-{serviceId}").ToList();
        var watch = Stopwatch.StartNew();

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            await TwoLessonCourse.PublishAsync(client.Client, courseId, "Audited");
            ICourseEnrollmentGrain Progress(string user) => client.Client.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(user, courseId));
            await Task.WhenAll(users.Select(u => Progress(u).StartAsync()));
            await Task.WhenAll(users.Select(u => Progress(u).CompleteLessonAsync("l1")));
            await Task.WhenAll(users.Select(u => Progress(u).CompleteLessonAsync("l2")));
            output.WriteLine($"{Learners} learners started and completed two lessons each (3,000 acknowledged writes) in {watch.Elapsed.TotalSeconds:0.0} s");
            await Eventually.HoldsAsync(
                async () => await database.ScalarAsync<long>("SELECT count(*) FROM learning_events WHERE course_id = @c AND user_id IS NOT NULL", ("c", courseId)) == Learners * 4,
                TimeSpan.FromSeconds(120), "every learner's four events land");
        }

        // A fresh cluster reads every acknowledged completion back from storage.
        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var progress = await Task.WhenAll(users.Select(u =>
                client.Client.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(u, courseId)).GetProgressAsync()));
            Assert.All(progress, p => Assert.Equal(["l1", "l2"], p.CompletedLessons.AsEnumerable()));
            Assert.All(progress, p => Assert.NotNull(p.CompletedAt));
        }

        Assert.Equal((long)Learners, await database.ScalarAsync<long>(
            "SELECT count(DISTINCT user_id) FROM learning_events WHERE course_id = @c AND kind = 'course_completed'", ("c", courseId)));
        output.WriteLine($"all {Learners * 4} events in learning_events, no duplicates; total {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private Task<long> CountAsync(string userId) =>
        database.ScalarAsync<long>("SELECT count(*) FROM learning_events WHERE user_id = @u", ("u", userId));

    private static (string ClusterId, string ServiceId) Identity()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return ($"cluster-{id}", $"service-{id}");
    }
}
