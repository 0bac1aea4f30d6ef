using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
// activations: starts COUNT learners on one course through the cluster (each start activates the learner's course
// enrollment and user grains and writes both) and reports the silo's resident memory before and after.
var options = args.Chunk(2).Where(p => p.Length == 2 && p[0].StartsWith("--", StringComparison.Ordinal)).ToDictionary(p => p[0][2..], p => p[1]);
string Option(string name, string fallback) => options.GetValueOrDefault(name, fallback);
var count = int.Parse(Option("count", "100000"), CultureInfo.InvariantCulture);
var siloPid = int.Parse(Option("silo-pid", "0"), CultureInfo.InvariantCulture);
var course = Option("course", "bench-course-0");
var prefix = Option("prefix", "act");

DbProviderFactories.RegisterFactory("Npgsql", NpgsqlFactory.Instance);
using var host = Host.CreateDefaultBuilder()
    .UseOrleansClient(client => client
        .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (Option("cluster", "bench"), Option("service", "bench")))
        .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", Option("connection", ""))))
    .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
    .Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IClusterClient>();

long Resident() => siloPid == 0 ? 0 : long.Parse(File.ReadLines($"/proc/{siloPid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

await Task.Delay(TimeSpan.FromSeconds(5));
var before = Resident();
var watch = Stopwatch.StartNew();
var done = 0;
await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = int.Parse(Option("parallel", "64"), CultureInfo.InvariantCulture) }, async (i, _) =>
{
    await grains.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment($"{prefix}{i}", course)).StartAsync();
    if (Interlocked.Increment(ref done) % 10_000 == 0)
    {
        Console.Error.WriteLine($"activations: {done:N0} in {watch.Elapsed.TotalSeconds:0} s");
    }
});
var elapsed = watch.Elapsed;
// Let the silo's garbage collector settle before reading its resident size again.
await Task.Delay(TimeSpan.FromSeconds(10));
var after = Resident();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"activations: {count} learners started {course} in {elapsed.TotalSeconds:0.0} s; silo resident {before / 1024.0:0} MB → {after / 1024.0:0} MB: {(after - before) / (double)count:0.00} KB per learner (a course enrollment and a user grain each)"));
await host.StopAsync();
