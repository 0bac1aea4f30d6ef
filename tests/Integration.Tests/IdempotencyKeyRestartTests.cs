using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Idempotency;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Integration.Tests.Infrastructure;

namespace CoursePortal.Integration.Tests;

/// <summary>Idempotency keys live in the grain storage in PostgreSQL: an answer the web sent is replayed after the silo
/// holding the key was killed, and a run the silo's loss cut short still holds its key on the next silo.</summary>
public sealed class IdempotencyKeyRestartTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task ACreditAnsweredBeforeTheSiloWasKilledIsReplayedAfterItAndGrantedOnce()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId, courseId) = ($"cluster-{id}", $"service-{id}", $"ik-{id}");
        var key = $"restart-{id}";
        string userId, path, firstBody;

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
            {
                var course = client.Client.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
                await course.CreateAsync(new CourseContent("Kept", Modules: [new Module("m", "M", null, [new Lesson("l1", "L", LessonType.Content, true, 5, Markdown: "x")])]), "author");
                await course.PublishAsync(new PublishRequest(null), "author");
            }

            await using var web = new ClientModeWebFactory(database.ConnectionString, clusterId, serviceId);
            var admin = await web.SignedInClientAsync();
            using var created = await admin.PostAsJsonAsync(Uri("/v1/users"), new { email = $"ik-{id}@example.com", firstName = "Kept", lastName = "Once", roles = new[] { "Learner" } });
            userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!;
            path = $"/v1/users/{userId}/credits";
            using var granted = await SendAsync(admin, path, courseId, key);
            Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
            firstBody = await granted.Content.ReadAsStringAsync();
            await silo.KillAsync();
        }

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var web = new ClientModeWebFactory(database.ConnectionString, clusterId, serviceId))
        {
            var admin = await web.SignedInClientAsync();

            using var repeated = await SendAsync(admin, path, courseId, key);

            Assert.Equal((HttpStatusCode.OK, firstBody), (repeated.StatusCode, await repeated.Content.ReadAsStringAsync()));
            Assert.Equal(["true"], repeated.Headers.GetValues("Idempotency-Replayed"));
        }

        Assert.Equal(1, await database.ScalarAsync<long>(
            "SELECT count(*) FROM learning_events WHERE user_id = @u AND course_id = @c AND kind = @k",
            ("u", userId), ("c", courseId), ("k", LearningEventKinds.CreditGranted)));
    }

    [Fact]
    public async Task ARunCutShortBySiloLossStillHoldsItsKeyOnTheNextSiloAndAnAnswerIsKept()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId) = ($"cluster-{id}", $"service-{id}");
        var (running, answered) = (GrainKeys.IdempotencyKey($"running{id}"), GrainKeys.IdempotencyKey($"answered{id}"));
        var answer = new IdempotentAnswer(202, "application/json; charset=utf-8", """{"moveId":"move-1"}""", "/v1/moves/move-1");

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
            {
                Assert.Equal(IdempotencyVerdict.Run, (await client.Client.GetGrain<IIdempotencyKeyGrain>(running).BeginAsync("fp")).Verdict);
                await client.Client.GetGrain<IIdempotencyKeyGrain>(answered).BeginAsync("fp");
                await client.Client.GetGrain<IIdempotencyKeyGrain>(answered).CompleteAsync("fp", answer);
            }

            await silo.KillAsync();
        }

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var stillRunning = await client.Client.GetGrain<IIdempotencyKeyGrain>(running).BeginAsync("fp");
            var replayed = await client.Client.GetGrain<IIdempotencyKeyGrain>(answered).BeginAsync("fp");

            Assert.Equal(IdempotencyVerdict.InUse, stillRunning.Verdict);
            Assert.Equal((IdempotencyVerdict.Replay, answer), (replayed.Verdict, replayed.Answer));
        }

        Assert.Equal(2, await database.ScalarAsync<long>(
            "SELECT count(*) FROM orleansstorage WHERE graintypestring = @t AND serviceid = @s", ("t", "idempotency-key"), ("s", serviceId)));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient admin, string path, string courseId, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Uri(path)) { Content = JsonContent.Create(new { courseId, reason = "Certified elsewhere" }) };
        request.Headers.Add("Idempotency-Key", key);
        return admin.SendAsync(request);
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
