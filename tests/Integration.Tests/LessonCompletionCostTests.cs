using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Grains.Learning;
using CoursePortal.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CoursePortal.Integration.Tests;

/// <summary>What one lesson completion costs in grain calls and PostgreSQL writes, measured on a real silo:
/// calls by a grain call filter, state writes by the storage rows' version counters, events by row count, and commits as
/// the state writes plus the deliveries that reached the learning event sink, each a transaction of its own. That the
/// event row is in the state write's transaction is read from the rows' xmin.</summary>
public sealed class LessonCompletionCostTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task ALessonCompletionIsOneGrainCallOneStateWriteAndOneCommitHoldingItsEventRow()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId, courseId, packageId, userId) = ($"cluster-{id}", $"service-{id}", $"cost-{id}", $"costpkg-{id}", Guid.NewGuid().ToString("N"));
        var calls = new CountingCallFilter();
        CountingLearningEventSink? sink = null;
        await using var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, services => services
            .AddSingleton<IIncomingGrainCallFilter>(calls)
            .AddSingleton<ILearningEventSink>(sp => sink = new CountingLearningEventSink(sp.GetRequiredService<PostgresLearningEventSink>())));
        await using var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId);
        var grains = client.Client;
        var course = grains.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
        await course.CreateAsync(new CourseContent("Cost", Modules:
            [new Module("m", "M", null, [Lesson("l1"), Lesson("l2")])]), "author");
        await course.PublishAsync(new PublishRequest(null), "author");
        var package = grains.GetGrain<IPackageGrain>(GrainKeys.Package(packageId));
        await package.CreateAsync(new PackageContent("Cost", null, null, RequirementNode.Set(null, SetMode.All, [RequirementNode.Course(courseId)])), "author");
        await package.PublishAsync(new PublishRequest(null), "author");
        await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).CreateAsync(new NewUser($"{userId}@example.com", "Cost", "Learner", [Role.Learner]), "admin");
        await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).EnrollInPackageAsync(packageId, userId, null);
        var progress = grains.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(userId, courseId));
        await progress.StartAsync();
        // The start's events (enrolled, course_started, and package_started delivered to the package enrollment off the
        // request path) must all have landed, or the last of them is counted against the completion.
        await WaitForEventsAsync(userId, 3);
        await QuietAsync(calls, serviceId);

        var appendsBefore = sink!.Appends;
        var middle = await MeasureAsync(calls, serviceId, userId, () => progress.CompleteLessonAsync("l1"), newEvents: 1);
        var commits = middle.Writes + sink.Appends - appendsBefore;
        var writers = await WritersAsync(serviceId, GrainKeys.CourseEnrollment(userId, courseId), userId, "l1");
        var appendsBeforeLast = sink.Appends;
        var last = await MeasureAsync(calls, serviceId, userId, () => progress.CompleteLessonAsync("l2"), newEvents: 3);

        output.WriteLine($"lesson completion: {middle.Calls} grain call(s) [{middle.Detail}], {middle.Writes} state write(s), {middle.Events} event row(s), {commits} commit(s) ({middle.Writes} state write(s) + {commits - middle.Writes} event delivery(ies)); the enrollment row and the event row written by {writers} transaction(s)");
        output.WriteLine($"course-completing lesson (one package enrollment): {last.Calls} grain calls [{last.Detail}], {last.Writes} state writes, {last.Events} event rows, {last.Writes + sink.Appends - appendsBeforeLast} commits");
        Assert.Equal((1, 1, 1, 1L, 1L), (middle.Calls, middle.Writes, middle.Events, commits, writers));
        Assert.Equal("ICourseEnrollmentGrain.CompleteLessonAsync", middle.Detail);
    }

    private async Task<(int Calls, long Writes, long Events, string Detail)> MeasureAsync(
        CountingCallFilter calls, string serviceId, string userId, Func<Task> act, int newEvents)
    {
        var writesBefore = await WritesAsync(serviceId);
        var eventsBefore = await EventsAsync(userId);
        calls.Reset();
        await act();
        await WaitForEventsAsync(userId, eventsBefore + newEvents);
        await QuietAsync(calls, serviceId);
        var detail = string.Join(", ", calls.Calls.OrderBy(c => c.Key).Select(c => c.Value == 1 ? c.Key : $"{c.Key}×{c.Value}"));
        return (calls.Total, await WritesAsync(serviceId) - writesBefore, await EventsAsync(userId) - eventsBefore, detail);
    }

    // The transactions that wrote the enrollment's row (as it is after the completion) and the completion's event row: one
    // when the event travelled with the state write, two when it was delivered afterwards.
    private Task<long> WritersAsync(string serviceId, string enrollmentKey, string userId, string lessonId) =>
        database.ScalarAsync<long>("""
            SELECT count(DISTINCT writer) FROM (
                SELECT xmin::text AS writer FROM orleansstorage WHERE serviceid = @s AND grainidextensionstring = @k
                UNION ALL
                SELECT xmin::text FROM learning_events WHERE user_id = @u AND kind = 'lesson_completed' AND lesson_id = @l) AS writers
            """, ("s", serviceId), ("k", enrollmentKey), ("u", userId), ("l", lessonId));

    // Lets anything still travelling off the request path arrive: calls and writes unchanged for half a second.
    private async Task QuietAsync(CountingCallFilter calls, string serviceId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var (last, stable) = ((calls.Total, await WritesAsync(serviceId)), 0);
        while (stable < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            var now = (calls.Total, await WritesAsync(serviceId));
            (last, stable) = (now, now == last ? stable + 1 : 0);
        }
    }

    // Every grain state write adds one to its row's version, so the sum over the service counts writes.
    private Task<long> WritesAsync(string serviceId) =>
        database.ScalarAsync<long>("SELECT coalesce(sum(version), 0) FROM orleansstorage WHERE serviceid = @s", ("s", serviceId));

    private Task<long> EventsAsync(string userId) =>
        database.ScalarAsync<long>("SELECT count(*) FROM learning_events WHERE user_id = @u", ("u", userId));

    private Task<TimeSpan> WaitForEventsAsync(string userId, long count) =>
        Eventually.HoldsAsync(async () => await EventsAsync(userId) >= count, TimeSpan.FromSeconds(30), $"{count} events for the learner");

    private static Lesson Lesson(string id) => new(id, id, LessonType.Content, true, 5, Markdown: "Body");
}
