using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Courses.Archive;
using Xunit.Abstractions;

namespace CoursePortal.Web.Tests.Api;

/// <summary>
/// A thousand damaged export ZIPs uploaded to <c>POST /v1/courses/import</c>: random bytes, truncations, flipped bits,
/// path-traversal and absolute entry names, too many entries, and bombs. The archive reader and the course's draft
/// validation, run here, are the oracle:
/// what they refuse, the portal refuses with the same code and creates nothing; what they accept, the portal imports.
/// No upload writes a file anywhere: the portal reads archives in memory. Half the cases in Development (as
/// <c>dotnet run</c> starts the portal), half in Production.
/// </summary>
public sealed class ImportFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 500;

    [Theory]
    [InlineData("Development", 0)]
    [InlineData("Production", Cases)]
    public async Task DamagedArchivesAreRefusedWithTheReadersReasonAndWriteNoFile(string environment, int first)
    {
        using var portal = new LocalPortal(environment);
        var author = portal.CreateClient();
        await author.SignInThroughApiAsync("author@demo.local");
        var valid = await ExportAsync(author);
        var marker = $"zipfuzz-{Guid.NewGuid():N}"[..16];
        var created = new List<string>();
        using var watcher = new FileSystemWatcher(Path.GetTempPath()) { IncludeSubdirectories = true, EnableRaisingEvents = true };
        watcher.Created += (_, e) =>
        {
            lock (created)
            {
                created.Add(e.FullPath);
            }
        };

        var random = new Random(1124 + first);
        var outcomes = new SortedDictionary<string, int>();
        var mismatches = new List<string>();
        for (var i = first; i < first + Cases; i++)
        {
            var (kind, bytes) = Damage(valid, random, i, marker);
            var courseId = $"{marker}-{i}";
            var expected = Expect(bytes, courseId);
            using var upload = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/zip") } };
            using var response = await author.PostAsync(new Uri($"/v1/courses/import?courseId={courseId}", UriKind.Relative), upload);
            var code = response.StatusCode == HttpStatusCode.Created ? "imported"
                : (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("code", out var c) ? c.GetString()! : $"{(int)response.StatusCode}";
            outcomes[$"{kind}: {code}"] = outcomes.GetValueOrDefault($"{kind}: {code}") + 1;
            if (code != expected || (int)response.StatusCode >= 500)
            {
                mismatches.Add($"case {i} ({kind}, {bytes.Length} bytes): the portal answered {(int)response.StatusCode} {code}, the reader says {expected}");
            }
            else if (code != "imported")
            {
                using var lookup = await author.GetAsync(new Uri($"/v1/courses/{courseId}/versions", UriKind.Relative));
                if (lookup.StatusCode != HttpStatusCode.NotFound)
                {
                    mismatches.Add($"case {i} ({kind}) was refused but course {courseId} exists");
                }
            }
        }

        output.WriteLine($"{environment}: {Cases} uploads: {string.Join("; ", outcomes.Select(o => $"{o.Value} × {o.Key}"))}");
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches.Take(20)));
        lock (created)
        {
            Assert.DoesNotContain(created, path => path.Contains(marker, StringComparison.Ordinal));
        }

        Assert.Empty(Directory.EnumerateFiles(Path.GetTempPath(), $"{marker}*", SearchOption.TopDirectoryOnly));
        Assert.False(File.Exists($"/{marker}-evil.txt"));
    }

    /// <summary>What the archive reader makes of the bytes: "imported", or the code of its refusal; an archive it reads
    /// whose content breaks a course rule (a flipped bit can leave a readable manifest with, say, a question without its
    /// correct option) is refused with that rule's code, as the course grain does on import.</summary>
    private static string Expect(byte[] bytes, string courseId)
    {
        try
        {
            var errors = CourseValidation.ValidateDraft(courseId, CourseArchive.Read(new MemoryStream(bytes)).Content);
            return errors.Count == 0 ? "imported" : errors[0].Code;
        }
        catch (DomainException ex)
        {
            return ex.Code;
        }
    }

    private static (string Kind, byte[] Bytes) Damage(byte[] valid, Random random, int i, string marker) => (i % 8) switch
    {
        0 => ("random bytes", RandomBytes(random, random.Next(1, 20_000))),
        1 => ("truncated", valid[..random.Next(1, valid.Length - 1)]),
        2 => ("flipped bits", Flip(valid, random)),
        3 => ("traversal name", Archive(zip =>
        {
            Bodies(zip, valid, Manifest(valid));
            Add(zip, new[] { $"../../../../tmp/{marker}-evil.txt", $"/{marker}-evil.txt", $"C:\\{marker}\\evil.txt", $"lessons/../../{marker}.md", $"lessons/\0{marker}.md" }[random.Next(5)], "owned");
        })),
        4 => ("too many entries", Archive(zip =>
        {
            Bodies(zip, valid, Manifest(valid));
            for (var n = 0; n <= CourseArchive.MaxEntries; n++)
            {
                Add(zip, $"lessons/extra-{n}.md", "x");
            }
        })),
        5 when i % 40 == 5 => ("bomb", Archive(zip =>
        {
            Bodies(zip, valid, Manifest(valid));
            // 80 MB of one byte compresses to well under a megabyte and inflates past the reader's 64 MB budget.
            var entry = zip.CreateEntry("lessons/bomb.md", CompressionLevel.SmallestSize);
            using var stream = entry.Open();
            var zeros = new byte[1024 * 1024];
            for (var mb = 0; mb < 80; mb++)
            {
                stream.Write(zeros);
            }
        })),
        5 => ("manifest damaged", Archive(zip => Bodies(zip, valid, Manifest(valid)[..random.Next(1, Manifest(valid).Length)]))),
        6 => ("manifest missing", Archive(zip => Add(zip, "lessons/orphan.md", "no manifest"))),
        _ => ("unknown manifest version", Archive(zip => Bodies(zip, valid, Manifest(valid).Replace("\"manifestVersion\": 1", "\"manifestVersion\": 99", StringComparison.Ordinal)))),
    };

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Flip(byte[] valid, Random random)
    {
        var bytes = (byte[])valid.Clone();
        for (var n = random.Next(1, 8); n > 0; n--)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }

        return bytes;
    }

    private static string Manifest(byte[] valid)
    {
        using var zip = new ZipArchive(new MemoryStream(valid));
        using var reader = new StreamReader(zip.GetEntry(CourseArchive.ManifestName)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static byte[] Archive(Action<ZipArchive> fill)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            fill(zip);
        }

        return buffer.ToArray();
    }

    /// <summary>The valid export's lesson bodies, with <paramref name="manifest"/> as its manifest.</summary>
    private static void Bodies(ZipArchive zip, byte[] valid, string manifest)
    {
        using var source = new ZipArchive(new MemoryStream(valid));
        foreach (var entry in source.Entries.Where(e => e.FullName != CourseArchive.ManifestName))
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            Add(zip, entry.FullName, reader.ReadToEnd());
        }

        Add(zip, CourseArchive.ManifestName, manifest);
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }

    private static async Task<byte[]> ExportAsync(HttpClient author)
    {
        using var started = await author.PostAsJsonAsync(new Uri("/v1/courses/phishing-awareness/exports", UriKind.Relative), new { version = 1 });
        var status = started.Headers.Location!.OriginalString;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await author.GetFromJsonAsync<JsonElement>(new Uri(status, UriKind.Relative))).GetProperty("status").GetString() != "completed")
        {
            Assert.True(DateTime.UtcNow < deadline, "the export did not finish");
            await Task.Delay(100);
        }

        return await author.GetByteArrayAsync(new Uri(status + "/download", UriKind.Relative));
    }
}
