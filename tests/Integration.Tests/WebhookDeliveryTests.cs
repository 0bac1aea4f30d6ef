using System.Diagnostics;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Webhooks;
using CoursePortal.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CoursePortal.Integration.Tests;

/// <summary>
/// Webhooks against a receiver in the test process that checks every signature (README's lines): subscribed kinds arrive
/// signed and others do not; a receiver failing for one learner holds back only that learner's events, which all arrive
/// afterwards in order; a silo killed mid-POST loses none (its lease runs out and the next silo sends them); a redelivery
/// by hand sends the event again. Each test has its own database, so no other test's deliveries are in its queue. Events
/// are written the two ways the portal writes them: by grains (their outbox rides the state write) and by SQL, as a
/// historical import does, with old and out-of-order dates, which a cursor over occurred_at would skip.
/// </summary>
public sealed class WebhookDeliveryTests(ITestOutputHelper output)
{
    private const string Secret = "whsec_test-secret-0123456789";

    // Quick retries and a short lease, so the tests wait seconds, not the production minutes.
    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["Webhooks:PollInterval"] = "00:00:00.200",
        ["Webhooks:Timeout"] = "00:00:03",
        ["Webhooks:Lease"] = "00:00:05",
        ["Webhooks:FirstRetryDelay"] = "00:00:00.200",
        ["Webhooks:MaxRetryDelay"] = "00:00:01",
    };

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task EventsOfSubscribedKindsArriveSignedOthersDoNotAndARedeliverySendsOneAgain()
    {
        await using var database = await FreshDatabaseAsync();
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        var (clusterId, serviceId) = Identity();
        await using var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, settings: Fast);
        await using var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId);
        var grains = client.Client;
        var registry = grains.GetGrain<IWebhookRegistryGrain>(GrainKeys.Webhooks);
        var webhook = await registry.CreateAsync(new NewWebhook(receiver.Url, Secret, [LearningEventKinds.LessonCompleted, LearningEventKinds.CourseCompleted]), "admin");

        var id = Guid.NewGuid().ToString("N")[..10];
        var (courseId, learner) = ($"wc-{id}", $"wl-{id}");
        await grains.GetGrain<IUserGrain>(GrainKeys.User(learner)).CreateAsync(new NewUser($"{learner}@example.com", "Web", "Hook", [Role.Learner]), "admin");
        await TwoLessonCourse.PublishAsync(grains, courseId, "Webhooks");
        var progress = grains.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(learner, courseId));
        await progress.StartAsync();
        await progress.CompleteLessonAsync("l1");
        await progress.CompleteLessonAsync("l2");

        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Accepted.Count >= 3), Deadline, "three subscribed events arrive");
        // Quiet for a while: nothing else arrives (course_started, version_published and the rest are not subscribed).
        await Task.Delay(TimeSpan.FromSeconds(2));
        var accepted = receiver.Accepted;
        Assert.Equal([LearningEventKinds.LessonCompleted, LearningEventKinds.LessonCompleted, LearningEventKinds.CourseCompleted], accepted.Select(r => r.Kind));
        Assert.All(receiver.Received, r => Assert.True(r.SignatureValid, $"a bad signature on {r.Kind}"));
        Assert.All(accepted, r => Assert.Equal(learner, r.UserId));
        // The body is the event as GET /v1/events gives it, its id the header's.
        var recorded = await grains.GetGrain<IAuditGrain>(GrainKeys.Audit).QueryEventsAsync(new EventQuery(UserId: learner, Kind: LearningEventKinds.CourseCompleted));
        var completion = JsonSerializer.Deserialize<LearningEvent>(accepted[2].Body, Web)!;
        Assert.Equal(Assert.Single(recorded), completion);
        Assert.Equal(completion.EventId.ToString(), accepted[2].EventId);

        var log = await registry.DeliveriesAsync(webhook.Id, null, 10);
        Assert.Equal(["delivered", "delivered", "delivered"], log.Select(d => d.Status));
        var again = await registry.RedeliverAsync(webhook.Id, log[0].Id, "admin");
        Assert.Equal((log[0].Id, "admin"), (again.RedeliveryOf, again.RedeliveredBy));
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Accepted.Count >= 4), Deadline, "the redelivery arrives");
        var redelivered = receiver.Accepted[3];
        Assert.Equal(accepted[2].EventId, redelivered.EventId);
        Assert.Equal(again.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), redelivered.DeliveryId);
        Assert.True(redelivered.SignatureValid);
        await Eventually.HoldsAsync(async () => (await registry.DeliveriesAsync(webhook.Id, null, 1))[0].Status == "delivered", Deadline, "the log shows the redelivery delivered");

        // Removed: later events are not sent, and redelivering is refused.
        await registry.RemoveAsync(webhook.Id, "admin");
        await InsertEventsAsync(database, [(learner, LearningEventKinds.LessonCompleted, DateTimeOffset.UtcNow)]);
        var refused = await Assert.ThrowsAsync<DomainException>(() => registry.RedeliverAsync(webhook.Id, log[0].Id, "admin"));
        Assert.Equal(ErrorCodes.WebhookRemoved, refused.Code);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(4, receiver.Accepted.Count);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'"));
    }

    [Fact]
    public async Task AReceiverFailingForOneLearnerHoldsBackOnlyThatLearnerWhoseEventsAllArriveInOrderOnceItRecovers()
    {
        await using var database = await FreshDatabaseAsync();
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        var (clusterId, serviceId) = Identity();
        await using var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, settings: Fast);
        await using var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId);
        var registry = client.Client.GetGrain<IWebhookRegistryGrain>(GrainKeys.Webhooks);
        var webhook = await registry.CreateAsync(new NewWebhook(receiver.Url, Secret, []), "admin");

        var learners = Enumerable.Range(0, 4).Select(i => $"learner-{i}-{Guid.NewGuid():N}"[..20]).ToArray();
        receiver.FailingUser = learners[0];
        // Ten events each, interleaved, every one its own transaction, dated anywhere in the last seven years.
        var random = new Random(19);
        var written = Enumerable.Range(0, 10).SelectMany(_ => learners)
            .Select(l => (l, LearningEventKinds.LessonCompleted, DateTimeOffset.UtcNow.AddDays(-random.Next(0, 2500)))).ToList();
        var ids = await InsertEventsAsync(database, written);

        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Accepted.Count >= 30), Deadline, "the other learners' 30 events arrive while one learner's receiver fails");
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Received.Count(r => r.UserId == learners[0]) >= 3), Deadline, "the failing learner's head is retried");
        var tried = receiver.Received.Where(r => r.UserId == learners[0]).Select(r => r.EventId).Distinct().ToList();
        Assert.Equal([ids[0].ToString()], tried);
        output.WriteLine($"while failing: {receiver.Received.Count(r => r.UserId == learners[0])} attempts at the first learner's head, nothing after it");

        receiver.FailingUser = null;
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Accepted.Select(r => r.EventId).Distinct().Count() >= 40), Deadline, "every event arrives once the receiver recovers");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var accepted = receiver.Accepted;
        Assert.Equal(ids.Select(i => i.ToString()).Order(StringComparer.Ordinal), accepted.Select(r => r.EventId!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));
        foreach (var learner in learners)
        {
            var inOrder = ids.Where((_, i) => written[i].Item1 == learner).Select(i => i.ToString()).ToList();
            Assert.Equal(inOrder, accepted.Where(r => r.UserId == learner).Select(r => r.EventId!).Distinct().ToList());
        }

        Assert.Equal(40L, await database.ScalarAsync<long>("SELECT count(*) FROM webhook_deliveries WHERE subscription_id = @s AND status = 'delivered'", ("s", webhook.Id)));
        output.WriteLine($"{accepted.Count} accepted for 40 events ({accepted.Count - 40} repeated)");
    }

    [Fact]
    public async Task ASiloKilledWhileItsPostsAreInFlightLosesNoEventTheNextSiloSendsThemInOrder()
    {
        await using var database = await FreshDatabaseAsync();
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        var (clusterId, serviceId) = Identity();
        var learners = Enumerable.Range(0, 3).Select(i => $"kill-{i}-{Guid.NewGuid():N}"[..16]).ToArray();
        var written = Enumerable.Range(0, 5).SelectMany(_ => learners).Select(l => (l, LearningEventKinds.CourseStarted, DateTimeOffset.UtcNow)).ToList();
        List<Guid> ids;
        receiver.Holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, settings: Fast))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            await client.Client.GetGrain<IWebhookRegistryGrain>(GrainKeys.Webhooks).CreateAsync(new NewWebhook(receiver.Url, Secret, []), "admin");
            ids = await InsertEventsAsync(database, written);
            await Eventually.HoldsAsync(() => Task.FromResult(receiver.Arrived >= 3), Deadline, "the three learners' heads are in flight");
            await silo.KillAsync();
        }

        var killedAt = Stopwatch.StartNew();
        receiver.Holding.TrySetResult();
        receiver.Holding = null;
        Assert.Empty(receiver.Accepted);
        await using (var next = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, settings: Fast))
        {
            await Eventually.HoldsAsync(() => Task.FromResult(receiver.Accepted.Select(r => r.EventId).Distinct().Count() >= 15), Deadline, "every event arrives from the next silo");
        }

        output.WriteLine($"all 15 events were accepted {killedAt.Elapsed.TotalSeconds:0.0} s after the kill (lease 5 s)");
        var accepted = receiver.Accepted;
        foreach (var learner in learners)
        {
            var inOrder = ids.Where((_, i) => written[i].Item1 == learner).Select(i => i.ToString()).ToList();
            Assert.Equal(inOrder, accepted.Where(r => r.UserId == learner).Select(r => r.EventId!).Distinct().ToList());
        }

        Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));
        Assert.Equal(15L, await database.ScalarAsync<long>("SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'"));
    }

    [Fact]
    public async Task AReceiverThatNeverAnswersDoesNotHoldBackAnotherWebhooksDeliveries()
    {
        await using var database = await FreshDatabaseAsync();
        await using var stuck = await WebhookReceiver.StartAsync(Secret);
        await using var healthy = await WebhookReceiver.StartAsync(Secret);
        stuck.Holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (clusterId, serviceId) = Identity();
        await using var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, settings: new Dictionary<string, string?>(Fast)
        {
            ["Webhooks:Timeout"] = "00:00:30",
            ["Webhooks:Lease"] = "00:01:00",
            ["Webhooks:BatchSize"] = "10",
        });
        await using var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId);
        var registry = client.Client.GetGrain<IWebhookRegistryGrain>(GrainKeys.Webhooks);
        await registry.CreateAsync(new NewWebhook(stuck.Url, Secret, []), "admin");
        await registry.CreateAsync(new NewWebhook(healthy.Url, Secret, []), "admin");

        // Five learners: five POSTs hang at the stuck receiver for up to 30 s, holding half the deliverer's slots.
        var learners = Enumerable.Range(0, 5).Select(i => $"slow-{i}-{Guid.NewGuid():N}"[..16]).ToArray();
        var ids = await InsertEventsAsync(database, [.. Enumerable.Range(0, 4).SelectMany(_ => learners).Select(l => (l, LearningEventKinds.LessonCompleted, DateTimeOffset.UtcNow))]);

        var waited = await Eventually.HoldsAsync(() => Task.FromResult(healthy.Accepted.Select(r => r.EventId).Distinct().Count() >= 20), TimeSpan.FromSeconds(20),
            "the healthy receiver gets all 20 events while the other one hangs");
        output.WriteLine($"the healthy receiver had all 20 events after {waited.TotalSeconds:0.0} s; {stuck.Arrived} POSTs hang at the other");
        Assert.Equal(5, stuck.Arrived);
        Assert.Empty(stuck.Accepted);
        Assert.Equal(ids.Select(i => i.ToString()).Order(StringComparer.Ordinal), healthy.Accepted.Select(r => r.EventId!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ADeliveryGivenUpIsFailedInTheLogReleasesTheLearnersNextEventAndIsSentAgainByHand()
    {
        await using var database = await FreshDatabaseAsync();
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        var (clusterId, serviceId) = Identity();
        await using var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, settings: new Dictionary<string, string?>(Fast) { ["Webhooks:MaxAttempts"] = "3" });
        await using var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId);
        var registry = client.Client.GetGrain<IWebhookRegistryGrain>(GrainKeys.Webhooks);
        var webhook = await registry.CreateAsync(new NewWebhook(receiver.Url, Secret, []), "admin");
        var learner = $"gives-up-{Guid.NewGuid():N}"[..20];

        receiver.Failing = true;
        var first = (await InsertEventsAsync(database, [(learner, LearningEventKinds.CourseStarted, DateTimeOffset.UtcNow)]))[0];
        await Eventually.HoldsAsync(async () => (await registry.DeliveriesAsync(webhook.Id, null, 1))[0].Status == "failed", Deadline, "the delivery is given up after three attempts");
        var failed = (await registry.DeliveriesAsync(webhook.Id, null, 1))[0];
        Assert.Equal((3, 500, first), (failed.Attempts, failed.LastStatusCode, failed.EventId));
        Assert.Equal(3, receiver.Received.Count);

        receiver.Failing = false;
        var second = (await InsertEventsAsync(database, [(learner, LearningEventKinds.LessonCompleted, DateTimeOffset.UtcNow)]))[0];
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Accepted.Count >= 1), Deadline, "the learner's next event goes once the first is given up");
        await registry.RedeliverAsync(webhook.Id, failed.Id, "admin");
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Accepted.Count >= 2), Deadline, "the failed event is sent again by hand");

        Assert.Equal([second.ToString(), first.ToString()], receiver.Accepted.Select(r => r.EventId));
        Assert.Equal((await registry.GetAsync(webhook.Id)).Counts, new WebhookDeliveryCounts(0, 1));
    }

    [Fact]
    public async Task ADeliveryQueuedByAWriteThatRacedTheRemovalOfItsWebhookIsCancelledNotLeftPending()
    {
        await using var database = await FreshDatabaseAsync();
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        var (clusterId, serviceId) = Identity();
        string webhookId;
        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, settings: Fast))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var registry = client.Client.GetGrain<IWebhookRegistryGrain>(GrainKeys.Webhooks);
            webhookId = (await registry.CreateAsync(new NewWebhook(receiver.Url, Secret, []), "admin")).Id;
            await registry.RemoveAsync(webhookId, "admin");
        }

        // What the race leaves: the event's transaction saw the webhook active and queued its delivery after the removal.
        var eventId = (await InsertEventsAsync(database, [("racer", LearningEventKinds.Enrolled, DateTimeOffset.UtcNow)]))[0];
        await database.ScalarAsync<object>("INSERT INTO webhook_deliveries (subscription_id, event_id, occurred_at, kind, learner) SELECT @s, event_id, occurred_at, kind, user_id FROM learning_events WHERE event_id = @e",
            ("s", webhookId), ("e", eventId));
        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, settings: Fast))
        {
            await Eventually.HoldsAsync(async () => await database.ScalarAsync<long>("SELECT count(*) FROM webhook_deliveries WHERE status = 'cancelled'") == 1, Deadline,
                "the deliverer cancels the delivery of the removed webhook");
        }

        Assert.Empty(receiver.Received);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'"));
    }

    /// <summary>Appends events by SQL, each in its own transaction, in the given order; answers their ids.</summary>
    internal static async Task<List<Guid>> InsertEventsAsync(PostgresDatabase database, IReadOnlyList<(string UserId, string Kind, DateTimeOffset At)> events)
    {
        var ids = new List<Guid>();
        foreach (var (userId, kind, at) in events)
        {
            var id = Guid.NewGuid();
            await database.ScalarAsync<object>(
                "INSERT INTO learning_events (event_id, occurred_at, kind, actor_id, user_id) VALUES (@id, @at, @kind, 'import', @user)",
                ("id", id), ("at", at.UtcDateTime), ("kind", kind), ("user", userId));
            ids.Add(id);
        }

        return ids;
    }

    internal static async Task<OwnDatabase> FreshDatabaseAsync()
    {
        var database = new OwnDatabase();
        await database.InitializeAsync();
        return database;
    }

    private static (string ClusterId, string ServiceId) Identity()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return ($"cluster-{id}", $"service-{id}");
    }
}

/// <summary>A database of one test's own, dropped when the test ends.</summary>
internal sealed class OwnDatabase : PostgresDatabase, IAsyncDisposable
{
    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
