using System.Data.Common;
using CoursePortal.DataScale;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;

// datascale generate --connection "..." [--events 10000000] [--years 10] [--employees N] [--seed 16] [--until yyyy-MM-dd]
//                    [--cluster bench] [--service bench] [--parallel 64] [--sample-learners 5] [--partition-function name]
//                    [--rebuild-function name] [--indexes after|in-place] [--manifest datascale.json] [--markdown file]
//   An Orleans client of the running silo (the cluster's database is --connection) makes the accounts, courses,
//   packages and current enrollments through the grains; the history goes into learning_events with COPY.
// datascale reads --url http://portal --connection "..." [--manifest datascale.json] [--requests 20] [--budget 60]
//                 [--deep-pages 200] [--settle 11] [--extra "name=/path;..."] [--tables "learning\_events%,..."] [--out file]
//   Every admin/author read path over HTTP as an admin, with p50/p95 and rows read per request.
var options = Options.Parse(args);
var connection = options.Text("connection", "");
await using var database = NpgsqlDataSource.Create(connection);
if (options.Command == "reads")
{
    return await new Reads(options, database).RunAsync();
}

if (options.Command != "generate")
{
    Console.Error.WriteLine("Commands: generate, reads.");
    return 2;
}

DbProviderFactories.RegisterFactory("Npgsql", NpgsqlFactory.Instance);
using var host = Host.CreateDefaultBuilder()
    .UseOrleansClient(client => client
        .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.Text("cluster", "bench"), options.Text("service", "bench")))
        .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", connection)))
    .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
    .Build();
await host.StartAsync();
var result = await new Generate(options, host.Services.GetRequiredService<IClusterClient>(), database).RunAsync();
await host.StopAsync();
return result;
