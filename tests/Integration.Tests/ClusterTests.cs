using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Integration.Tests.Infrastructure;
using CoursePortal.Integration.Tests.Probes;
using Xunit.Abstractions;

namespace CoursePortal.Integration.Tests;

/// <summary>Real silo hosts clustered, persisted and reminded through PostgreSQL.</summary>
public sealed class ClusterTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task StateWrittenByOneClusterIsReadByAFreshClusterAfterAFullRestart()
    {
        var (clusterId, serviceId) = NewClusterIdentity();
        var course = new CourseSummary("restart-101", "Restart 101", "Survives a full restart.", ["ops"], "Suite", "Concept", 15, 2);

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            await client.Client.GetGrain<ICatalogGrain>(GrainKeys.Catalog).UpsertCourseAsync(course);
            await client.Client.GetGrain<IProbeGrain>("probe:restart").SetAsync("written before the restart");
        }

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var courses = await client.Client.GetGrain<ICatalogGrain>(GrainKeys.Catalog).ListCoursesAsync(CatalogQuery.All);
            var read = Assert.Single(courses);
            Assert.Equal(course with { Tags = read.Tags }, read);
            Assert.Equal(course.Tags.ToArray(), read.Tags.ToArray());
            Assert.Equal("written before the restart", await client.Client.GetGrain<IProbeGrain>("probe:restart").GetAsync());
        }

        // System.Text.Json payloads: plain JSON, none of Newtonsoft's $type/$id metadata.
        var payload = await database.ScalarAsync<string>(
            "SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE serviceid = @s AND graintypestring = 'catalog'",
            ("s", serviceId));
        Assert.Contains("\"Restart 101\"", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrainsOfAKilledSiloAnswerAgainWithTheirStateWithinAMinute()
    {
        var (clusterId, serviceId) = NewClusterIdentity();
        var silos = new List<SiloProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                silos.Add(await SiloProcess.StartReadyAsync(database.ConnectionString, clusterId, serviceId));
            }

            await using var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId);
            var keys = Enumerable.Range(0, 60).Select(i => $"{GrainKeys.Catalog}-kill-{i}").ToList();
            foreach (var key in keys)
            {
                await client.Client.GetGrain<ICatalogGrain>(key).UpsertCourseAsync(Summary(key));
            }

            var placements = await PlacementsAsync(client.Client, keys);
            var victim = silos.OrderByDescending(s => placements.Values.Count(p => p.Endpoint.Port == s.SiloPort)).First();
            var orphans = placements.Where(p => p.Value.Endpoint.Port == victim.SiloPort).Select(p => p.Key).ToList();
            Assert.NotEmpty(orphans);

            victim.Kill();
            var slowest = TimeSpan.Zero;
            foreach (var key in orphans)
            {
                var (courses, elapsed) = await Eventually.SucceedsAsync(
                    () => client.Client.GetGrain<ICatalogGrain>(key).ListCoursesAsync(CatalogQuery.All), RecoveryDeadline);
                Assert.Equal(Summary(key).Title, Assert.Single(courses).Title);
                slowest = elapsed > slowest ? elapsed : slowest;
            }

            var after = await PlacementsAsync(client.Client, orphans);
            Assert.All(after.Values, silo => Assert.NotEqual(victim.SiloPort, silo.Endpoint.Port));
            output.WriteLine(
                $"kill -9 of the silo on port {victim.SiloPort} hosting {orphans.Count} of {keys.Count} grains; " +
                $"all of them answered with their persisted state again after {slowest.TotalSeconds:0.0} s");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }

        static CourseSummary Summary(string key) => new(key, $"title of {key}", "", [], null, null, 1, 1);
    }

    private static async Task<Dictionary<string, SiloAddress>> PlacementsAsync(IClusterClient client, IReadOnlyCollection<string> keys)
    {
        var statistics = await client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        return statistics
            .Where(s => wanted.Contains(s.GrainId.Key.ToString()!))
            .ToDictionary(s => s.GrainId.Key.ToString()!, s => s.SiloAddress);
    }

    [Fact]
    public async Task AReminderFiresAndStillFiresAfterItsSiloRestarts()
    {
        var (clusterId, serviceId) = NewClusterIdentity();
        var key = $"probe:reminder-{Guid.NewGuid():N}";
        int ticksBeforeRestart;

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var grain = client.Client.GetGrain<IProbeGrain>(key);
            await grain.StartTickingAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
            var firstTick = await Eventually.HoldsAsync(async () => await grain.GetTicksAsync() >= 1, TimeSpan.FromSeconds(30), "the reminder fires");
            output.WriteLine($"first tick after {firstTick.TotalSeconds:0.0} s");
            ticksBeforeRestart = await grain.GetTicksAsync();
        }

        Assert.Equal(1L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM orleansreminderstable WHERE serviceid = @s AND remindername = @r", ("s", serviceId), ("r", ProbeGrain.ReminderName)));

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var grain = client.Client.GetGrain<IProbeGrain>(key);
            var again = await Eventually.HoldsAsync(
                async () => await grain.GetTicksAsync() > ticksBeforeRestart, TimeSpan.FromSeconds(45), "the reminder fires after the restart");
            output.WriteLine($"fired again {again.TotalSeconds:0.0} s after the new silo started");
        }
    }

    private static (string ClusterId, string ServiceId) NewClusterIdentity()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return ($"cluster-{id}", $"service-{id}");
    }
}
