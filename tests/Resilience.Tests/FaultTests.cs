using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace CoursePortal.Resilience.Tests;

/// <summary>
/// 200 learners complete lessons against three real silo processes while a fault is injected; afterwards every
/// acknowledged completion is in the learner's progress and in the learning events exactly once. Each test prints its
/// figures and is bounded in time.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class FaultTests(ITestOutputHelper output)
{
    private const int LearnerCount = 200;
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SuccessWindow = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);

    // A kill is over when no request fails any more and the slowest one answered within the response timeout
    // (OrleansSettings.ResponseTimeout, 3.5 s) and one more attempt; measured after the load stopped, so that requests
    // still waiting on the dead silo count.
    private static readonly TimeSpan BackWithin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(3.5);
    private static readonly TimeSpan RetryOnAnIdleMachine = TimeSpan.FromSeconds(2.5);

    // The slowest request is one that was in flight to the dead silo: it waits out the response timeout and is sent once
    // more, and that second attempt takes as long as requests take at the time. On an idle machine that is the 6 s of the
    // target; when the test shares its 2 cores with the other test assemblies, the slowest request before the kill says
    // how long an attempt takes, so the bound follows it instead of failing on load alone.
    private static TimeSpan WorstRequest(TimeSpan worstBeforeKill) =>
        ResponseTimeout + (worstBeforeKill > RetryOnAnIdleMachine ? worstBeforeKill : RetryOnAnIdleMachine);
    private static readonly TimeSpan AfterKill = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task KillingOneOfThreeSilosIsOverWithinSecondsAndLosesNoAcknowledgedCompletion()
    {
        await using var portal = await ThreeSiloPortal.StartAsync();
        var killedAt = TimeSpan.Zero;
        var killedAtUtc = DateTimeOffset.MinValue;
        var killedPort = 0;
        var load = await RunUnderLoadAsync(portal, async running =>
        {
            // The learners' enrollments are spread over the silos; the one holding the most is killed. A silo that joined
            // moments before may not host any yet: the others place on it once its grain types have reached them.
            var statistics = await portal.Web.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
            var perSilo = statistics.Where(s => s.GrainType.Contains("CourseEnrollment", StringComparison.Ordinal))
                .GroupBy(s => s.SiloAddress.Endpoint.Port).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
            output.WriteLine($"course enrollments per silo before the kill: {string.Join(", ", perSilo.Values.OrderDescending())}");
            Assert.True(perSilo.Count >= 2, "the enrollments are all on one silo");
            var busiest = portal.Silos.Single(silo => silo.SiloPort == perSilo.MaxBy(p => p.Value).Key);

            (killedAt, killedAtUtc, killedPort) = (running.Now, DateTimeOffset.UtcNow, busiest.SiloPort);
            busiest.Kill();
            await Task.Delay(AfterKill);
        });

        var failover = Failover.Of(load.Outcomes, killedAt);
        output.WriteLine($"kill -9 of one silo at {killedAt.TotalSeconds:0.0} s: requests succeed again {failover.BackAfter.TotalSeconds:0.0} s later, " +
            $"{failover.Failed} of {failover.Requests} requests ending after the kill failed ({100.0 * failover.Failed / Math.Max(1, failover.Requests):0.00} %), " +
            $"worst request {failover.Worst.TotalSeconds:0.00} s (before the kill {failover.WorstBefore.TotalSeconds:0.00} s)");
        output.WriteLine($"per second after the kill (started: requests/failed/slowest s): {failover.Timeline}");
        output.WriteLine($"killed at {killedAtUtc:HH:mm:ss.fff} UTC; its membership row: {await MembershipRowAsync(portal, killedPort)}");
        Assert.True(failover.BackAfter <= BackWithin, $"Requests failed until {failover.BackAfter.TotalSeconds:0.0} s after the kill.");
        Assert.True(failover.Worst <= WorstRequest(failover.WorstBefore),
            $"A request took {failover.Worst.TotalSeconds:0.0} s; the slowest before the kill took {failover.WorstBefore.TotalSeconds:0.0} s.");
    }

    // The votes (voter@time) that declared the killed silo dead, to say how long the declaration took.
    private static async Task<string> MembershipRowAsync(ThreeSiloPortal portal, int port)
    {
        await using var connection = new NpgsqlConnection(portal.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, suspecttimes FROM orleansmembershiptable WHERE port = @port", connection);
        command.Parameters.AddWithValue("port", port);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? $"status {reader.GetInt32(0)}, votes {(reader.IsDBNull(1) ? "none" : reader.GetString(1))}" : "none";
    }

    [Fact]
    public async Task StoppingPostgreSqlForTenSecondsFailsFastWithServiceUnavailableAndRecoversByItself()
    {
        await using var portal = await ThreeSiloPortal.StartAsync();
        await RunUnderLoadAsync(portal, async load =>
        {
            var stoppedAt = load.Now;
            await portal.Postgres.StopForAWhileAsync();
            await Task.Delay(TimeSpan.FromSeconds(10));
            await portal.Postgres.StartAgainAsync();
            var startedAt = load.Now;
            var recoveredAt = await RecoveryAsync(load, startedAt);

            var during = load.Outcomes.Where(o => o.EndedAt >= stoppedAt && o.EndedAt <= recoveredAt).ToList();
            var failed = during.Where(o => !o.Succeeded).ToList();
            output.WriteLine($"PostgreSQL down {stoppedAt.TotalSeconds:0.0}–{startedAt.TotalSeconds:0.0} s: {during.Count} requests until recovery, " +
                $"{failed.Count} failed ({string.Join(", ", failed.GroupBy(o => (o.Status, o.ProblemType)).Select(g => $"{g.Count()} × {g.Key.Status} {g.Key.ProblemType}"))}), " +
                $"slowest failure {(failed.Count == 0 ? 0 : failed.Max(o => o.Took.TotalSeconds)):0.00} s; requests succeed again {(recoveredAt - startedAt).TotalSeconds:0.0} s after it is back");
            // Unavailable while the requests reach the cluster; overloaded once the requests waiting on the database fill
            // the web's places (admission control, issue 15): either way a fast 503 that changed nothing.
            Assert.All(failed, o => Assert.Contains((o.Status, o.ProblemType), new (int, string?)[] { (503, "unavailable"), (503, "overloaded") }));
            Assert.All(failed, o => Assert.True(o.Took < UnavailableWithin, $"A request failed only after {o.Took.TotalSeconds:0.0} s."));
            Assert.True(recoveredAt - startedAt <= RecoveryLimit, $"Requests failed for {(recoveredAt - startedAt).TotalSeconds:0} s after PostgreSQL returned.");
        });
    }

    [Fact]
    public async Task RestartingAllThreeSilosOneAfterTheOtherFailsAtMostOneRequestInAThousand()
    {
        await using var portal = await ThreeSiloPortal.StartAsync();
        await RunUnderLoadAsync(portal, async load =>
        {
            var from = load.Now;
            for (var i = 0; i < 3; i++)
            {
                var exit = await portal.Silos[i].StopAsync(TimeSpan.FromSeconds(60));
                Assert.Equal(0, exit);
                await portal.Silos[i].DisposeAsync();
                portal.Silos[i] = await portal.StartSiloAsync();
                await Task.Delay(TimeSpan.FromSeconds(5));
            }

            var during = load.Outcomes.Where(o => o.EndedAt >= from).ToList();
            var failed = during.Count(o => !o.Succeeded);
            output.WriteLine($"rolling restart of three silos: {during.Count} requests, {failed} failed ({100.0 * failed / during.Count:0.000} %)");
            Assert.True(failed <= during.Count / 1000, $"{failed} of {during.Count} requests failed during the rolling restart.");
        });
    }

    // The grain call timeout (30 s) bounds any request; an outage must answer well before it.
    private static readonly TimeSpan UnavailableWithin = TimeSpan.FromSeconds(15);

    /// <summary>Publishes a course, signs the learners in, runs the load for a steady period, applies
    /// <paramref name="fault"/>, keeps the load on a little longer, stops it and checks that nothing acknowledged was lost.</summary>
    private async Task<CompletionLoad> RunUnderLoadAsync(ThreeSiloPortal portal, Func<CompletionLoad, Task> fault)
    {
        var (courses, lessons) = await portal.PublishCoursesAsync(3);
        var learners = await portal.LearnersAsync(LearnerCount);
        var load = new CompletionLoad(learners, courses, lessons);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        await Task.Delay(Steady);
        var before = load.Outcomes.Count;
        await fault(load);
        await Task.Delay(SuccessWindow);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(90));
        output.WriteLine($"load: {load.Outcomes.Count} requests ({before} before the fault), {load.Outcomes.Count(o => !o.Succeeded)} failed, " +
            $"{load.Acknowledged.Count} completions acknowledged, p99 {Percentile(load.Outcomes, 0.99):0} ms, max {load.Outcomes.Max(o => o.Took.TotalMilliseconds):0} ms; " +
            $"failures: {string.Join(", ", load.Outcomes.Where(o => !o.Succeeded).GroupBy(o => $"{o.Status} {o.ProblemType}").Select(g => $"{g.Count()} × {g.Key}"))}");
        await AssertNothingLostAsync(portal, learners, load, courses);
        return load;
    }

    private async Task AssertNothingLostAsync(ThreeSiloPortal portal, IReadOnlyList<Learner> learners, CompletionLoad load, IReadOnlyList<string> courses)
    {
        var acknowledged = load.Acknowledged.ToHashSet();
        var missing = 0;
        foreach (var learner in learners)
        {
            foreach (var courseId in courses.Where(c => acknowledged.Contains((learner.UserId, c, "l000"))))
            {
                var (progress, _) = await Eventually.SucceedsAsync(
                    async () => (await learner.Client.GetFromJsonAsync<JsonElement>(new Uri($"/v1/courses/{courseId}/progress", UriKind.Relative)))
                        .GetProperty("completedLessons").EnumerateArray().Select(l => l.GetString()!).ToHashSet(),
                    TimeSpan.FromSeconds(60));
                missing += acknowledged.Count(a => a.User == learner.UserId && a.Course == courseId && !progress.Contains(a.Lesson));
            }
        }

        // Learning events travel from each enrollment's outbox after it answers: wait for the last of them.
        List<(string User, string Course, string Lesson)> events = [];
        await Eventually.HoldsAsync(
            async () =>
            {
                events = await portal.CompletionEventsAsync();
                return acknowledged.IsSubsetOf(events);
            },
            TimeSpan.FromSeconds(60),
            "every acknowledged completion is a learning event");
        var duplicates = events.GroupBy(e => e).Count(g => g.Count() > 1);
        output.WriteLine($"after: {acknowledged.Count} acknowledged completions, {missing} missing from progress, {events.Count} completion events, {duplicates} duplicated");
        Assert.Equal(0, missing);
        Assert.Equal(0, duplicates);
    }

    /// <summary>Waits (bounded) until requests have succeeded for a whole window after <paramref name="from"/>; returns
    /// when that began.</summary>
    private static async Task<TimeSpan> RecoveryAsync(CompletionLoad load, TimeSpan from)
    {
        TimeSpan? at = null;
        await Eventually.HoldsAsync(() => Task.FromResult((at = load.SucceedingAgainAt(from, SuccessWindow)) is not null),
            RecoveryLimit + SuccessWindow + TimeSpan.FromSeconds(10), "requests succeed again");
        return at!.Value;
    }

    private static double Percentile(IEnumerable<Outcome> outcomes, double p)
    {
        var sorted = outcomes.Select(o => o.Took.TotalMilliseconds).Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, sorted.Count * p)];
    }
}

/// <summary>What a silo's death did to the requests: how long after it they failed (until the end of the last failed
/// one), how many failed, the slowest one, and a per-second account by start time.</summary>
internal sealed record Failover(TimeSpan BackAfter, int Requests, int Failed, TimeSpan Worst, TimeSpan WorstBefore, string Timeline)
{
    public static Failover Of(IReadOnlyCollection<Outcome> outcomes, TimeSpan killedAt)
    {
        var after = outcomes.Where(o => o.EndedAt >= killedAt).ToList();
        var failed = after.Where(o => !o.Succeeded).ToList();
        var timeline = after.GroupBy(o => (int)Math.Floor((o.EndedAt - o.Took - killedAt).TotalSeconds)).OrderBy(g => g.Key)
            .Select(g => $"{g.Key}: {g.Count()}/{g.Count(o => !o.Succeeded)}/{g.Max(o => o.Took.TotalSeconds):0.0}");
        return new Failover(
            failed.Count == 0 ? TimeSpan.Zero : failed.Max(o => o.EndedAt) - killedAt,
            after.Count,
            failed.Count,
            after.Count == 0 ? TimeSpan.Zero : after.Max(o => o.Took),
            outcomes.Where(o => o.EndedAt < killedAt).Select(o => o.Took).DefaultIfEmpty().Max(),
            string.Join(", ", timeline));
    }
}

[CollectionDefinition(Name)]
public sealed class ResilienceCollection
{
    public const string Name = "resilience";
}
