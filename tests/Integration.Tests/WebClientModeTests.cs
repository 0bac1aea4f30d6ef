using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Integration.Tests.Infrastructure;
using CoursePortal.Web.Hosting;

namespace CoursePortal.Integration.Tests;

/// <summary>A silo process and the web as its Orleans client, both on PostgreSQL, restarted together.</summary>
public sealed class WebClientModeTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheWebReadsGrainStateThroughTheClusterBeforeAndAfterARestartOfSiloAndWeb()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId) = ($"cluster-{id}", $"service-{id}");
        var course = new CourseSummary("restart-both", "Restart Both", "Kept across a restart of silo and web.", ["ops"], null, null, 5, 1);

        await using (var silo = await SiloProcess.StartReadyAsync(database.ConnectionString, clusterId, serviceId))
        {
            await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
            {
                await client.Client.GetGrain<ICatalogGrain>(GrainKeys.Catalog).UpsertCourseAsync(course);
            }

            await using (var web = new ClientModeWebFactory(database.ConnectionString, clusterId, serviceId))
            {
                var http = await web.SignedInClientAsync();
                Assert.Equal(["restart-both"], await CourseIdsAsync(http));
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
                var catalog = await http.GetStringAsync(new Uri("/Learn/Catalog", UriKind.Relative));
                Assert.Contains("Restart Both", catalog, StringComparison.Ordinal);
                Assert.DoesNotContain(PortalMode.LocalModeNotice, catalog, StringComparison.Ordinal);
            }

            Assert.Equal(0, await silo.StopAsync(StopDeadline));
        }

        await using (var silo = await SiloProcess.StartReadyAsync(database.ConnectionString, clusterId, serviceId))
        await using (var web = new ClientModeWebFactory(database.ConnectionString, clusterId, serviceId))
        {
            Assert.Equal(["restart-both"], await CourseIdsAsync(await web.SignedInClientAsync()));
            Assert.Equal(0, await silo.StopAsync(StopDeadline));
        }
    }

    private static async Task<string[]> CourseIdsAsync(HttpClient http)
    {
        var courses = await http.GetFromJsonAsync<JsonElement>(new Uri("/v1/courses", UriKind.Relative));
        return [.. courses.EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];
    }
}
