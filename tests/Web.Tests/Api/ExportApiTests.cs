using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Api;

[Collection(LocalModeCollection.Name)]
public sealed class ExportApiTests(LocalModeFactory factory)
{
    [Fact]
    public async Task AnExportIsDownloadedAndImportedBackAsANewCourse()
    {
        var author = factory.CreateClient();
        await author.SignInThroughApiAsync("author@demo.local");
        var copyId = $"copy-{Guid.NewGuid():N}"[..16];

        var started = await author.PostAsJsonAsync(Uri("/v1/courses/phishing-awareness/exports"), new { version = 1 });
        var status = started.Headers.Location!.OriginalString;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonElement export;
        while ((export = await author.GetFromJsonAsync<JsonElement>(Uri(status))).GetProperty("status").GetString() != "completed")
        {
            Assert.True(DateTime.UtcNow < deadline, $"the export is still {export.GetProperty("status")}");
            await Task.Delay(100);
        }

        var zip = await author.GetByteArrayAsync(Uri(status + "/download"));
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            Assert.NotNull(archive.GetEntry("course.json"));
        }

        var upload = new ByteArrayContent(zip);
        upload.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        var imported = await author.PostAsync(Uri($"/v1/courses/import?courseId={copyId}"), upload);
        var notZip = new ByteArrayContent("not a zip"u8.ToArray());
        notZip.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        var refused = await author.PostAsync(Uri($"/v1/courses/import?courseId={copyId}-bad"), notZip);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(zip.Length, export.GetProperty("fileSize").GetInt64());
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var copy = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Phishing Awareness", "draft"), (copy.GetProperty("title").GetString(), copy.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_zip", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
