using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>
/// An author (or a script) asks for the same export again and again: each request gets the version's live export
/// back, so the exports folder holds one ZIP per version, not one per click. Once that ZIP is gone (retention, or
/// removed from the volume) the export reads as expired, its download is 410 problem details, and a new request makes
/// a new export. A portal of its own, writing to a folder of its own.
/// </summary>
public sealed class ExportRetentionTests : IDisposable
{
    private readonly string _exportsPath = Directory.CreateTempSubdirectory("courseportal-web-exports-").FullName;

    private readonly LocalPortal _portal;

    public ExportRetentionTests() => _portal = new LocalPortal("Testing", settings: new Dictionary<string, string> { ["Storage:ExportsPath"] = _exportsPath });

    [Fact]
    public async Task RepeatedRequestsShareOneExportAndAnExpiredOneIsGoneThenReplaced()
    {
        var author = _portal.CreateClient();
        await author.SignInThroughApiAsync("author@demo.local");

        var requests = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            requests.Add(await author.PostAsJsonAsync(Uri("/v1/courses/phishing-awareness/exports"), new { version = 1 }));
        }

        var ids = await Task.WhenAll(requests.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString()!));
        var exportId = Assert.Single(ids.Distinct());
        Assert.All(requests, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        await WaitForAsync(author, exportId, "completed");
        var zips = Directory.GetFiles(_exportsPath, "*.zip", SearchOption.AllDirectories);
        Assert.Single(zips);

        // The ZIP leaves the volume (its retention ran out, or an operator cleared the folder).
        File.Delete(zips[0]);
        var status = await author.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/phishing-awareness/exports/{exportId}"));
        using var download = await author.GetAsync(Uri($"/v1/courses/phishing-awareness/exports/{exportId}/download"));
        using var again = await author.PostAsJsonAsync(Uri("/v1/courses/phishing-awareness/exports"), new { version = 1 });

        Assert.Equal("expired", status.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Gone, download.StatusCode);
        Assert.Equal("application/problem+json", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("export_expired", (await download.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var newId = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString()!;
        Assert.NotEqual(exportId, newId);
        await WaitForAsync(author, newId, "completed");
        Assert.Equal(HttpStatusCode.OK, (await author.GetAsync(Uri($"/v1/courses/phishing-awareness/exports/{newId}/download"))).StatusCode);
    }

    public void Dispose()
    {
        _portal.Dispose();
        Directory.Delete(_exportsPath, recursive: true);
    }

    private static async Task WaitForAsync(HttpClient author, string exportId, string wanted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string? status;
        while ((status = (await author.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/phishing-awareness/exports/{exportId}"))).GetProperty("status").GetString()) != wanted)
        {
            Assert.True(DateTime.UtcNow < deadline, $"export {exportId} is still {status}");
            await Task.Delay(100);
        }
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
