using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Integration.Tests.Infrastructure;
using Npgsql;

namespace CoursePortal.Resilience.Tests;

/// <summary>
/// Three real silo processes clustered through a PostgreSQL database, on a server these tests own (so a test can stop
/// it), and the web as their Orleans client in this process, as in production. Each test builds its own: the faults
/// leave nothing to share.
/// </summary>
public sealed class ThreeSiloPortal : IAsyncDisposable
{
    // One server for the whole test run; every portal gets a database of its own on it.
    private static readonly Lazy<Task<PostgresServer>> Server = new(PostgresServer.StartOwnAsync);

    private readonly string _clusterId = $"resilience-{Guid.NewGuid():N}"[..24];

    private ThreeSiloPortal(PostgresServer postgres, string connectionString)
    {
        Postgres = postgres;
        ConnectionString = connectionString;
        Web = new ClientModeWebFactory(connectionString, _clusterId, _clusterId, new Dictionary<string, string>
        {
            // Hundreds of accounts are set up per test; the hash strength is not what is under test.
            ["Security:PasswordHashIterations"] = "1000",
            ["Security:SignInAttemptsPerMinute"] = "100000",
            // The load completes lessons as fast as the portal answers; the per-user limit has a test of its own.
            ["Security:LearnerWritesPerMinute"] = "100000",
            // Every failed request during a fault is logged with its exception; the figures say enough.
            ["Logging:LogLevel:Default"] = "Error",
        });
    }

    public PostgresServer Postgres { get; }

    public string ConnectionString { get; }

    public List<SiloProcess> Silos { get; } = [];

    public ClientModeWebFactory Web { get; }

    // The test's own queries never reuse a pooled connection that a database restart has cut.
    private string QueryConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;

    public static async Task<ThreeSiloPortal> StartAsync()
    {
        var server = await Server.Value;
        var portal = new ThreeSiloPortal(server, await server.CreateDatabaseAsync("resilience"));
        try
        {
            // The first silo applies the schema; the other two join it.
            portal.Silos.Add(await portal.StartSiloAsync());
            portal.Silos.AddRange(await Task.WhenAll(portal.StartSiloAsync(), portal.StartSiloAsync()));
            return portal;
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
    }

    public Task<SiloProcess> StartSiloAsync() => SiloProcess.StartReadyAsync(ConnectionString, _clusterId, _clusterId);

    public async Task<HttpClient> AdminAsync() => await Web.SignedInClientAsync();

    /// <summary>Publishes <paramref name="count"/> courses of 200 required content lessons (the most a course has) with
    /// the same lesson ids, as an author who is also an approver; returns their ids and the lesson ids in order.</summary>
    public async Task<(IReadOnlyList<string> Courses, IReadOnlyList<string> Lessons)> PublishCoursesAsync(int count)
    {
        var admin = await AdminAsync();
        var author = await SignedInAsync(admin, $"author-{Guid.NewGuid():N}"[..15], "Contributor", "Approver");
        var lessonIds = Enumerable.Range(0, 200).Select(i => $"l{i:000}").ToList();
        var modules = lessonIds.Chunk(50).Select((chunk, m) => new
        {
            id = $"m{m}",
            title = $"Module {m}",
            lessons = chunk.Select(id => new { id, title = $"Lesson {id}", type = "content", required = true, markdown = "Read this." }),
        }).ToList();
        var courses = new List<string>();
        for (var c = 0; c < count; c++)
        {
            var courseId = $"resilience-{Guid.NewGuid():N}"[..20];
            await (await author.PostAsJsonAsync(new Uri("/v1/courses", UriKind.Relative), new { id = courseId, title = $"Resilience {c}", description = "Under faults.", modules }))
                .ShouldSucceedAsync();
            await (await author.PostAsJsonAsync(new Uri($"/v1/courses/{courseId}/publish", UriKind.Relative), new { changeNotes = "first" })).ShouldSucceedAsync();
            courses.Add(courseId);
        }

        return (courses, lessonIds);
    }

    /// <summary>A signed-in author who may also publish (the four-eyes rule is off here).</summary>
    public async Task<HttpClient> AuthorAsync(string name) => await SignedInAsync(await AdminAsync(), name, "Contributor", "Approver");

    /// <summary>Another client signed in as an account that <see cref="AuthorAsync"/> created.</summary>
    public async Task<HttpClient> SignInAsync(string name)
    {
        var client = Web.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        await (await client.PostAsJsonAsync(new Uri("/v1/session", UriKind.Relative), new { email = $"{name}@resilience.test", password = Password })).ShouldSucceedAsync();
        return client;
    }

    /// <summary>Creates <paramref name="count"/> learners and signs each in on a client of their own.</summary>
    public async Task<IReadOnlyList<Learner>> LearnersAsync(int count)
    {
        var admin = await AdminAsync();
        var learners = new Learner[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            var name = $"learner-{i}-{Guid.NewGuid():N}"[..20];
            var client = await SignedInAsync(admin, name, "Learner");
            using var me = await client.GetAsync(new Uri("/v1/me", UriKind.Relative), cancellationToken);
            var userId = (await me.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("userId").GetString()!;
            learners[i] = new Learner(userId, client);
        });
        return learners;
    }

    /// <summary>The (user, course, lesson) of every lesson completion recorded as a learning event.</summary>
    public async Task<List<(string User, string Course, string Lesson)>> CompletionEventsAsync()
    {
        await using var connection = new NpgsqlConnection(QueryConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT user_id, course_id, lesson_id FROM learning_events WHERE kind = 'lesson_completed'", connection);
        var completions = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            completions.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return completions;
    }

    public async ValueTask DisposeAsync()
    {
        await Web.DisposeAsync();
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }

        try
        {
            await Postgres.DropDatabaseAsync(ConnectionString);
        }
        catch (NpgsqlException)
        {
            // A test that failed with the server stopped leaves its database to the server's removal at exit.
        }
    }

    private const string Password = "Resilience-Password-1";

    private async Task<HttpClient> SignedInAsync(HttpClient admin, string name, params string[] roles)
    {
        var email = $"{name}@resilience.test";
        var password = Password;
        await (await admin.PostAsJsonAsync(new Uri("/v1/users", UriKind.Relative), new { email, firstName = name, lastName = "Resilience", password, roles })).ShouldSucceedAsync();
        var client = Web.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        await (await client.PostAsJsonAsync(new Uri("/v1/session", UriKind.Relative), new { email, password })).ShouldSucceedAsync();
        return client;
    }
}

/// <summary>A signed-in learner: their user id and a client holding their cookie.</summary>
public sealed record Learner(string UserId, HttpClient Client);

internal static class Responses
{
    /// <summary>Fails with the answer's status and body (problem details say what was wrong), not just the status.</summary>
    public static async Task ShouldSucceedAsync(this HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} from {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
