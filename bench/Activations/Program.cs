using System.Collections.Immutable;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
// activations: what activations cost the silo, grain kind by grain kind, and whether publishing depends on how many
// learners are enrolled. Through an Orleans client, for COUNT learners:
//   1. their user grains are activated (read from storage; nothing written),
//   2. each starts a course (a course enrollment activation; the already active user grain records the start),
//   3. a package is published PUBLISHES times with no enrollments,
//   4. each learner is enrolled in that package (a package enrollment activation),
//   5. the package is published PUBLISHES times again, now with COUNT enrollments on it.
// Every memory reading comes after a forced full collection in the silo, so it counts what is live, not what the
// server collector has not yet collected.
var options = args.Chunk(2).Where(p => p.Length == 2 && p[0].StartsWith("--", StringComparison.Ordinal)).ToDictionary(p => p[0][2..], p => p[1]);
string Option(string name, string fallback) => options.GetValueOrDefault(name, fallback);
var count = int.Parse(Option("count", "100000"), CultureInfo.InvariantCulture);
var publishes = int.Parse(Option("publishes", "30"), CultureInfo.InvariantCulture);
var parallel = int.Parse(Option("parallel", "64"), CultureInfo.InvariantCulture);
var siloPid = int.Parse(Option("silo-pid", "0"), CultureInfo.InvariantCulture);
var course = Option("course", "bench-course-0");
var prefix = Option("prefix", "act");
var packageId = Option("package", "bench-publish");

DbProviderFactories.RegisterFactory("Npgsql", NpgsqlFactory.Instance);
using var host = Host.CreateDefaultBuilder()
    .UseOrleansClient(client => client
        .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (Option("cluster", "bench"), Option("service", "bench")))
        .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", Option("connection", ""))))
    .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
    .Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IClusterClient>();
var management = grains.GetGrain<IManagementGrain>(0);

async Task<(long ResidentKb, long ActivationCount)> SettledAsync()
{
    var silos = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
    await management.ForceGarbageCollection(silos);
    await Task.Delay(TimeSpan.FromSeconds(5));
    var resident = siloPid == 0 ? 0 : long.Parse(
        File.ReadLines($"/proc/{siloPid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    return (resident, await management.GetTotalActivationCount());
}

async Task<TimeSpan> ForEachLearnerAsync(string what, Func<string, Task> action)
{
    var watch = Stopwatch.StartNew();
    var done = 0;
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
    {
        await action($"{prefix}{i}");
        if (Interlocked.Increment(ref done) % 20_000 == 0)
        {
            Console.Error.WriteLine($"{what}: {done:N0} in {watch.Elapsed.TotalSeconds:0} s");
        }
    });
    return watch.Elapsed;
}

void Report(string what, (long ResidentKb, long ActivationCount) before, (long ResidentKb, long ActivationCount) after, TimeSpan took) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"activations: {what}: {count} learners in {took.TotalSeconds:0.0} s; silo resident {before.ResidentKb / 1024.0:0} MB → {after.ResidentKb / 1024.0:0} MB, activations {before.ActivationCount:N0} → {after.ActivationCount:N0}: {(after.ResidentKb - before.ResidentKb) / (double)count:0.00} KB each"));

var package = grains.GetGrain<IPackageGrain>(GrainKeys.Package(packageId));

// Each publish is a saved draft (a new description) followed by the publish call; only the publish call is timed.
async Task<double[]> PublishLatenciesAsync(string round)
{
    var milliseconds = new double[publishes];
    for (var i = 0; i < publishes; i++)
    {
        var draft = await package.GetDraftAsync() ?? await package.CreateDraftAsync(null, "bench-author");
        await package.SaveDraftAsync(draft.Content with { Description = $"{round} {i}" }, "bench-author");
        var watch = Stopwatch.StartNew();
        await package.PublishAsync(new PublishRequest($"bench {round} {i}"), "bench-approver");
        milliseconds[i] = watch.Elapsed.TotalMilliseconds;
    }

    Array.Sort(milliseconds);
    return milliseconds;
}

string Describe(double[] sorted) => string.Create(CultureInfo.InvariantCulture,
    $"median {sorted[sorted.Length / 2]:0.00} ms, p90 {sorted[(int)(sorted.Length * 0.9)]:0.00} ms, max {sorted[^1]:0.00} ms");

await Task.Delay(TimeSpan.FromSeconds(5));
var idle = await SettledAsync();
var took = await ForEachLearnerAsync("user grains", id => grains.GetGrain<IUserGrain>(GrainKeys.User(id)).GetStartedCoursesAsync());
var users = await SettledAsync();
Report("user grains activated", idle, users, took);

took = await ForEachLearnerAsync("course starts", id => grains.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(id, course)).StartAsync());
var starts = await SettledAsync();
Report($"course enrollments started on {course} (user grains already active)", users, starts, took);

if (await package.GetActiveAsync() is null)
{
    await package.CreateAsync(new PackageContent("Publish latency", null, null,
        RequirementNode.Set(null, SetMode.All, [RequirementNode.Course(course)])), "bench-author");
}

// The first publishes after activation also warm the code paths; they are not counted.
await PublishLatenciesAsync("warm-up");
var unloaded = await PublishLatenciesAsync("without enrollments");
took = await ForEachLearnerAsync("package enrollments", id => grains.GetGrain<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(id, packageId))
    .EnrollAsync("bench", null, ImmutableDictionary<string, CourseCompletion>.Empty));
var enrolled = await SettledAsync();
Report($"package enrollments on {packageId}", starts, enrolled, took);
var loaded = await PublishLatenciesAsync($"with {count} enrollments");
Console.WriteLine($"publish: {publishes} publishes of {packageId} with 0 enrollments: {Describe(unloaded)}");
Console.WriteLine($"publish: {publishes} publishes of {packageId} with {count:N0} enrollments: {Describe(loaded)}");
await host.StopAsync();
