using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Database;
using CoursePortal.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CoursePortal.Integration.Tests;

[CollectionDefinition(Name)]
public sealed class CoHostedCollection : ICollectionFixture<PostgresDatabase>
{
    public const string Name = "co-hosted web";
}

/// <summary>
/// Orleans:CoHosted=true: the web is a silo of the PostgreSQL cluster, with the silo process's providers and migrations,
/// and a peer of separate silos (a start without the connection string: LocalModeStartTests in Web.Tests).
/// </summary>
[Collection(CoHostedCollection.Name)]
public sealed class CoHostedWebTests(PostgresDatabase database, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private const string LearnerPassword = "co-hosted-password-1";

    // OrleansMembershipTable.Status of an Active silo (Orleans' SiloStatus.Active).
    private const int Active = 3;

    [Fact]
    public Task ACoHostedWebMigratesAnEmptyDatabaseAndKeepsALearnersLessonCompletionAcrossARestart() => WithinDeadline(async () =>
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("cp_cohost");
        try
        {
            var (clusterId, serviceId) = NewClusterIdentity();
            var courseId = $"cohosted-{Guid.NewGuid():N}"[..20];
            string userId, email;
            await using (var web = CoHostedWeb(connectionString, clusterId, serviceId))
            {
                var admin = await web.SignedInClientAsync();
                await TwoLessonCourse.PublishAsync(web.Services.GetRequiredService<IClusterClient>(), courseId, "Co-hosted");
                HttpClient learner;
                (learner, userId, email) = await NewLearnerAsync(web, admin);
                (await learner.PostAsync(new Uri($"/v1/courses/{courseId}/start", UriKind.Relative), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
                (await learner.PostAsJsonAsync(new Uri($"/v1/courses/{courseId}/progress/complete", UriKind.Relative), new { lessonId = "l1" })).EnsureSuccessStatusCode();

                // Acknowledged means committed: the event traveled with the state write, so it is there already.
                Assert.Equal(1L, await ScalarAsync<long>(connectionString,
                    "SELECT count(*) FROM learning_events WHERE user_id = @u AND course_id = @c AND kind = 'lesson_completed' AND lesson_id = 'l1'",
                    ("u", userId), ("c", courseId)));
                Assert.Equal((long)Migration.Embedded.Count, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM schema_version"));
                Assert.Equal(1L, await ActiveSilosAsync(connectionString, clusterId));
                Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
            }

            await using (var web = CoHostedWeb(connectionString, clusterId, serviceId))
            {
                var progress = await (await SignInAsync(web, email)).GetFromJsonAsync<JsonElement>(new Uri($"/v1/courses/{courseId}/progress", UriKind.Relative));
                Assert.Equal(["l1"], progress.GetProperty("completedLessons").EnumerateArray().Select(l => l.GetString()));
            }
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    });

    [Fact]
    public Task ACoHostedWebJoinsTheClusterOfASiloProcessAndServesGrainsLivingOnEither() => WithinDeadline(async () =>
    {
        var (clusterId, serviceId) = NewClusterIdentity();
        await using var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId);
        await using var web = CoHostedWeb(database.ConnectionString, clusterId, serviceId);
        var admin = await web.SignedInClientAsync();

        // Courses published from the silo process, learners served by the web: each side activates grains the other reaches.
        var courses = Enumerable.Range(0, 4).Select(i => $"peer{i}-{Guid.NewGuid():N}"[..18]).ToList();
        foreach (var course in courses)
        {
            await TwoLessonCourse.PublishAsync(silo.Services.GetRequiredService<IClusterClient>(), course, $"Peer {course}");
        }

        var enrollments = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var course = courses[i % courses.Count];
            var (learner, userId, _) = await NewLearnerAsync(web, admin);
            (await learner.PostAsync(new Uri($"/v1/courses/{course}/start", UriKind.Relative), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
            var completed = await (await learner.PostAsJsonAsync(new Uri($"/v1/courses/{course}/progress/complete", UriKind.Relative), new { lessonId = "l1" }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(["l1"], completed.GetProperty("completedLessons").EnumerateArray().Select(l => l.GetString()));
            enrollments.Add(GrainKeys.CourseEnrollment(userId, course));
        }

        var webSilo = web.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var statistics = await web.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var wanted = courses.Select(GrainKeys.Course).Concat(enrollments).ToHashSet(StringComparer.Ordinal);
        var hosts = statistics.Where(s => wanted.Contains(s.GrainId.Key.ToString()!)).GroupBy(s => s.SiloAddress).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(string.Join("; ", hosts.Select(h => $"{h.Key}: {h.Value} of the {wanted.Count} grains")));

        Assert.Equal(2L, await ActiveSilosAsync(database.ConnectionString, clusterId));
        Assert.Equal(
            new[] { silo.Address, webSilo.ToString() }.Order(StringComparer.Ordinal),
            hosts.Keys.Select(h => h.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
    });

    /// <summary>Also the figure for the notes: sequential progress reads through each kind of web, in this process
    /// (Debug build, in-memory HTTP), so only the ratio means anything; bench/run.sh measures the real processes.</summary>
    [Fact]
    public Task ACoHostedWebAndAClientWebOfOneClusterAnswerTheSameProgress() => WithinDeadline(async () =>
    {
        const int Reads = 300;
        var (clusterId, serviceId) = NewClusterIdentity();
        var courseId = $"both-{Guid.NewGuid():N}"[..16];
        await using var coHosted = CoHostedWeb(database.ConnectionString, clusterId, serviceId);
        var (learner, userId, email) = await NewLearnerAsync(coHosted, await coHosted.SignedInClientAsync());
        await TwoLessonCourse.PublishAsync(coHosted.Services.GetRequiredService<IClusterClient>(), courseId, "Both");
        (await learner.PostAsync(new Uri($"/v1/courses/{courseId}/start", UriKind.Relative), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        (await learner.PostAsJsonAsync(new Uri($"/v1/courses/{courseId}/progress/complete", UriKind.Relative), new { lessonId = "l1" })).EnsureSuccessStatusCode();
        await using var client = new ClientModeWebFactory(database.ConnectionString, clusterId, serviceId);
        var throughClient = await SignInAsync(client, email);

        var progress = new Uri($"/v1/courses/{courseId}/progress", UriKind.Relative);
        var (coHostedAnswer, coHostedMean) = await MeanReadAsync(learner, progress, Reads);
        var (clientAnswer, clientMean) = await MeanReadAsync(throughClient, progress, Reads);
        output.WriteLine($"{Reads} sequential progress reads of {userId}'s enrollment (on this process's silo): " +
            $"co-hosted web {coHostedMean.TotalMilliseconds:0.000} ms each, client web {clientMean.TotalMilliseconds:0.000} ms each");

        Assert.Equal(coHostedAnswer, clientAnswer);
        Assert.Contains("\"l1\"", coHostedAnswer, StringComparison.Ordinal);
    });

    private static async Task<(string Answer, TimeSpan Mean)> MeanReadAsync(HttpClient http, Uri uri, int reads)
    {
        var answer = await http.GetStringAsync(uri);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < reads; i++)
        {
            answer = await http.GetStringAsync(uri);
        }

        return (answer, watch.Elapsed / reads);
    }

    private static ClientModeWebFactory CoHostedWeb(string connectionString, string clusterId, string serviceId) =>
        new(connectionString, clusterId, serviceId, new Dictionary<string, string>
        {
            ["Orleans:CoHosted"] = "true",
            ["Orleans:SiloPort"] = RealSilo.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = RealSilo.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans:AdvertisedIP"] = "127.0.0.1",
        });

    private static async Task<(HttpClient Client, string UserId, string Email)> NewLearnerAsync(ClientModeWebFactory web, HttpClient admin)
    {
        var email = $"co{Guid.NewGuid():N}"[..14] + "@example.com";
        var created = await (await admin.PostAsJsonAsync(new Uri("/v1/users", UriKind.Relative),
            new { email, firstName = "Co", lastName = "Hosted", password = LearnerPassword, roles = new[] { "Learner" } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        return (await SignInAsync(web, email), created.GetProperty("userId").GetString()!, email);
    }

    private static async Task<HttpClient> SignInAsync(ClientModeWebFactory web, string email)
    {
        var client = web.CreateClient();
        (await client.PostAsJsonAsync(new Uri("/v1/session", UriKind.Relative), new { email, password = LearnerPassword })).EnsureSuccessStatusCode();
        return client;
    }

    private static Task<long> ActiveSilosAsync(string connectionString, string clusterId) => ScalarAsync<long>(connectionString,
        "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @c AND status = @s", ("c", clusterId), ("s", Active));

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static Task WithinDeadline(Func<Task> test) => test().WaitAsync(Deadline);

    private static (string ClusterId, string ServiceId) NewClusterIdentity()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return ($"cluster-{id}", $"service-{id}");
    }
}
