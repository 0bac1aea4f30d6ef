using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace CoursePortal.Resilience.Tests;

/// <summary>
/// 50 authors edit and publish one course and one package at the same time, through the web, on three silos. Each edit
/// adds the author's mark to the description of what they read, sent with its revision; a save based on an old read is
/// refused (409) and retried from a fresh read. Afterwards the versions are numbered 1..n without gaps, exactly one was
/// active at every observation, and the last version holds every author's mark: no acknowledged edit was lost.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class PublisherTests(ITestOutputHelper output)
{
    private const int Publishers = 50;

    [Fact]
    public async Task FiftyConcurrentPublishersOfACourseLoseNoEditAndNumberVersionsInSequence()
    {
        await using var portal = await ThreeSiloPortal.StartAsync();
        var name = $"author-{Guid.NewGuid():N}"[..15];
        var author = await portal.AuthorAsync(name);
        var id = $"publish-{Guid.NewGuid():N}"[..16];
        await (await author.PostAsJsonAsync(Uri("/v1/courses"), new
        {
            id, title = "Published by many", description = "Marks:",
            modules = new[] { new { id = "m", title = "Module", lessons = new[] { new { id = "l", title = "Lesson", type = "content", required = true, markdown = "Text" } } } },
        })).ShouldSucceedAsync();
        await (await author.PostAsJsonAsync(Uri($"/v1/courses/{id}/publish"), new { changeNotes = "v1" })).ShouldSucceedAsync();

        await StormAsync(portal, name, $"/v1/courses/{id}/versions",
            async (client, mark) =>
            {
                // The draft when there is one, else the active version: what an editor starts from.
                var draft = (await VersionsAsync(client, $"/v1/courses/{id}/versions")).FirstOrDefault(v => v.Status == "draft");
                var read = await client.GetFromJsonAsync<JsonObject>(Uri(draft is null ? $"/v1/courses/{id}" : $"/v1/courses/{id}?version={draft.Version}"));
                read!["description"] = $"{read["description"]} {mark}";
                return await client.PutAsJsonAsync(Uri($"/v1/courses/{id}"), read);
            },
            client => client.PostAsJsonAsync(Uri($"/v1/courses/{id}/publish"), new { changeNotes = "storm" }),
            async client => (await client.GetFromJsonAsync<JsonObject>(Uri($"/v1/courses/{id}")))!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task FiftyConcurrentPublishersOfAPackageLoseNoEditAndNumberVersionsInSequence()
    {
        await using var portal = await ThreeSiloPortal.StartAsync();
        var name = $"author-{Guid.NewGuid():N}"[..15];
        var author = await portal.AuthorAsync(name);
        var courseId = $"course-{Guid.NewGuid():N}"[..15];
        await (await author.PostAsJsonAsync(Uri("/v1/courses"), new
        {
            id = courseId, title = "In the package",
            modules = new[] { new { id = "m", title = "Module", lessons = new[] { new { id = "l", title = "Lesson", type = "content", required = true, markdown = "Text" } } } },
        })).ShouldSucceedAsync();
        await (await author.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/publish"), new { changeNotes = "v1" })).ShouldSucceedAsync();
        var id = $"package-{Guid.NewGuid():N}"[..16];
        await (await author.PostAsJsonAsync(Uri("/v1/packages"), new
        {
            id, name = "Published by many", description = "Marks:", requirement = new { set = "all", items = new[] { new { course = courseId, required = true } } },
        })).ShouldSucceedAsync();
        await (await author.PostAsJsonAsync(Uri($"/v1/packages/{id}/publish"), new { changeNotes = "v1" })).ShouldSucceedAsync();

        await StormAsync(portal, name, $"/v1/packages/{id}/versions",
            async (client, mark) =>
            {
                var draft = (await VersionsAsync(client, $"/v1/packages/{id}/versions")).FirstOrDefault(v => v.Status == "draft");
                if (draft is null)
                {
                    // Opening the draft may race with another author's: either way there is one afterwards; read again.
                    using var opened = await client.PostAsJsonAsync(Uri($"/v1/packages/{id}/versions"), new { });
                    return new HttpResponseMessage(HttpStatusCode.Conflict);
                }

                var read = await client.GetFromJsonAsync<JsonObject>(Uri($"/v1/packages/{id}?version={draft.Version}"));
                read!["description"] = $"{read["description"]} {mark}";
                return await client.PutAsJsonAsync(Uri($"/v1/packages/{id}/draft"), read);
            },
            client => client.PostAsJsonAsync(Uri($"/v1/packages/{id}/publish"), new { changeNotes = "storm" }),
            async client => (await client.GetFromJsonAsync<JsonObject>(Uri($"/v1/packages/{id}")))!["description"]!.GetValue<string>());
    }

    /// <summary>Runs the publishers while an observer reads the version list; then checks numbering, the single active
    /// version and that every acknowledged mark is in the active version.</summary>
    private async Task StormAsync(
        ThreeSiloPortal portal,
        string author,
        string versionsPath,
        Func<HttpClient, string, Task<HttpResponseMessage>> edit,
        Func<HttpClient, Task<HttpResponseMessage>> publish,
        Func<HttpClient, Task<string>> activeDescription)
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, Publishers).Select(_ => portal.SignInAsync(author)));
        var observer = await portal.SignInAsync(author);
        var observations = new ConcurrentBag<int>();
        var refused = 0;
        var published = 0;
        using var stop = new CancellationTokenSource();
        var observing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                observations.Add((await VersionsAsync(observer, versionsPath)).Count(v => v.IsActive));
                await Task.Delay(20, CancellationToken.None);
            }
        });

        var started = DateTime.UtcNow;
        await Task.WhenAll(clients.Select((client, i) => Task.Run(async () =>
        {
            var mark = $"[p{i:00}]";
            var random = new Random(i);
            while (true)
            {
                using var saved = await edit(client, mark);
                if (saved.IsSuccessStatusCode)
                {
                    break;
                }

                Assert.Equal(HttpStatusCode.Conflict, saved.StatusCode);
                Interlocked.Increment(ref refused);
                await Task.Delay(random.Next(5, 50));
            }

            // Publishing may find the draft already published by another author, with this mark in it.
            using var publishing = await publish(client);
            Assert.True(publishing.IsSuccessStatusCode || publishing.StatusCode == HttpStatusCode.Conflict, $"publish answered {(int)publishing.StatusCode}");
            if (publishing.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref published);
            }
        }).WaitAsync(TimeSpan.FromMinutes(3))));
        var elapsed = DateTime.UtcNow - started;

        // A draft left by the last save is published too, so every mark reaches a version.
        using (var last = await publish(clients[0]))
        {
            Assert.True(last.IsSuccessStatusCode || last.StatusCode == HttpStatusCode.Conflict);
        }

        await stop.CancelAsync();
        await observing;
        var versions = await VersionsAsync(observer, versionsPath);
        var description = await activeDescription(observer);
        output.WriteLine($"{Publishers} publishers in {elapsed.TotalSeconds:0.0} s: {published} publishes answered 200, {refused} stale saves refused with 409; " +
            $"{versions.Count} versions; {observations.Count} observations of the version list, active counts seen: {string.Join(", ", observations.Distinct().Order())}");

        Assert.Equal(Enumerable.Range(1, versions.Count), versions.Select(v => v.Version).Order());
        Assert.All(observations, active => Assert.Equal(1, active));
        Assert.Equal(1, versions.Count(v => v.IsActive));
        Assert.Equal(versions.Max(v => v.Version), versions.Single(v => v.IsActive).Version);
        var missing = Enumerable.Range(0, Publishers).Select(i => $"[p{i:00}]").Where(mark => !description.Contains(mark, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"Edits lost: {string.Join(" ", missing)}");
    }

    private static async Task<List<VersionRow>> VersionsAsync(HttpClient client, string path) =>
        await client.GetFromJsonAsync<List<VersionRow>>(Uri(path), new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    private sealed record VersionRow(int Version, string Status, bool IsActive);
}
