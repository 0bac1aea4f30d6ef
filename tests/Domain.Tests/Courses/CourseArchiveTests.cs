using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Courses.Archive;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Domain.Tests.Courses;

public sealed class CourseArchiveTests
{
    [Fact]
    public void AnExportReadsBackAsIdenticalContentWithItsSource()
    {
        var version = SampleCourses.Version(3, SampleCourses.Valid());

        var imported = CourseArchive.Read(new MemoryStream(Export(version)));

        Assert.Equal(("phishing", 3), (imported.SourceCourseId, imported.SourceVersion));
        Assert.Equal(Canonical(version.Content), Canonical(imported.Content));
    }

    [Fact]
    public void AnAssessmentsAttemptsPolicyTravelsInTheManifestAndReadsBack()
    {
        var content = SampleCourses.Valid();
        var quiz = content.Modules[1].Lessons[1];
        var limited = content with
        {
            Modules = [content.Modules[0], content.Modules[1] with { Lessons = [content.Modules[1].Lessons[0], quiz with { Assessment = quiz.Assessment! with { MaxAttempts = 3, MinutesBetweenAttempts = 90 } }] }],
        };

        var zip = Export(SampleCourses.Version(1, limited));
        var imported = CourseArchive.Read(new MemoryStream(zip)).Content.Modules[1].Lessons[1].Assessment!;

        Assert.Equal((3, 90), (imported.MaxAttempts, imported.MinutesBetweenAttempts));
        using var archive = new ZipArchive(new MemoryStream(zip));
        using var manifest = JsonDocument.Parse(archive.GetEntry(CourseArchive.ManifestName)!.Open());
        var assessment = manifest.RootElement.GetProperty("course").GetProperty("modules")[1].GetProperty("lessons")[1].GetProperty("assessment");
        Assert.Equal((3, 90), (assessment.GetProperty("maxAttempts").GetInt32(), assessment.GetProperty("minutesBetweenAttempts").GetInt32()));
    }

    [Fact]
    public void AManifestWithoutAnAttemptsPolicyReadsAsNoLimitAndNoWait()
    {
        var imported = CourseArchive.Read(new MemoryStream(Export(SampleCourses.Version(1, SampleCourses.Valid())))).Content.Modules[1].Lessons[1].Assessment!;

        Assert.Equal((null, null), (imported.MaxAttempts, imported.MinutesBetweenAttempts));
    }

    [Fact]
    public void EachLessonBodyIsAFileOfItsOwnBesideTheManifest()
    {
        using var zip = new ZipArchive(new MemoryStream(Export(SampleCourses.Version(1, SampleCourses.Valid()))));

        Assert.Equal(
            ["course.json", "lessons/intro.md", "lessons/video.transcript.md"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var reader = new StreamReader(zip.GetEntry("lessons/intro.md")!.Open());
        Assert.Equal("# Welcome\nWhat phishing is.", reader.ReadToEnd());
    }

    [Fact]
    public void RandomBytesAreNotAZip() =>
        AssertRefused(ErrorCodes.InvalidZip, Encoding.UTF8.GetBytes("this is a text file, not an archive"));

    [Fact]
    public void ATruncatedZipIsRefused()
    {
        var whole = Export(SampleCourses.Version(1, SampleCourses.Valid()));

        AssertRefused(ErrorCodes.InvalidZip, whole[..(whole.Length / 2)]);
    }

    [Fact]
    public void AZipWithoutManifestIsRefused() => AssertRefused(ErrorCodes.ManifestMissing, Zip(("lessons/a.md", "# a")));

    [Fact]
    public void AManifestThatIsNotJsonIsRefused() => AssertRefused(ErrorCodes.ManifestInvalid, Zip(("course.json", "{ not json")));

    [Fact]
    public void AManifestOfAnUnknownVersionIsRefused() =>
        AssertRefused(ErrorCodes.ManifestVersionUnsupported, Zip(("course.json", """{"manifestVersion": 2, "course": {"title": "x"}}""")));

    [Fact]
    public void AManifestNamingAMissingBodyIsRefused() =>
        AssertRefused(ErrorCodes.BodyMissing, Zip(("course.json", """
            {"manifestVersion": 1, "course": {"title": "x", "modules": [{"id": "m", "title": "M", "lessons": [
              {"id": "l", "title": "L", "type": "content", "required": true, "markdownFile": "lessons/l.md"}]}]}}
            """)));

    [Theory]
    [InlineData("../evil.md")]
    [InlineData("lessons/../../evil.md")]
    [InlineData("/etc/passwd")]
    [InlineData("lessons\\..\\evil.md")]
    [InlineData("C:/evil.md")]
    [InlineData("lessons/./a.md")]
    public void EntriesThatCouldEscapeTheArchiveAreRefused(string name) =>
        AssertRefused(ErrorCodes.UnsafeEntry, Zip(("course.json", "{}"), (name, "x")));

    [Fact]
    public void TooManyEntriesAreRefused()
    {
        var entries = Enumerable.Range(0, CourseArchive.MaxEntries + 1).Select(i => ($"lessons/{i}.md", "x")).ToArray();

        AssertRefused(ErrorCodes.TooManyEntries, Zip(entries));
    }

    [Fact]
    public void AZipBombIsRefusedBeforeItIsUnpacked()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("lessons/bomb.md", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i <= CourseArchive.MaxUncompressedBytes / zeros.Length; i++)
            {
                entry.Write(zeros);
            }
        }

        Assert.True(buffer.Length < 1024 * 1024, $"the bomb should be small packed; it is {buffer.Length} bytes");
        AssertRefused(ErrorCodes.ArchiveTooLarge, buffer.ToArray());
    }

    private static void AssertRefused(string code, byte[] archive)
    {
        var refusal = Assert.Throws<DomainException>(() => CourseArchive.Read(new MemoryStream(archive)));
        Assert.Equal((DomainErrorKind.Invalid, code, "file"), (refusal.Kind, refusal.Code, refusal.Field));
    }

    private static byte[] Export(ContentVersion<CourseContent> version)
    {
        using var buffer = new MemoryStream();
        CourseArchive.Write(buffer, version, DateTimeOffset.UnixEpoch);
        return buffer.ToArray();
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Content as canonical JSON, since records holding immutable arrays compare those by reference.</summary>
    public static string Canonical(CourseContent content) => JsonSerializer.Serialize(content);
}
