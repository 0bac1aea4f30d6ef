using System.Collections.ObjectModel;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Abstractions.Courses.Archive;

/// <summary>A course read back from an export ZIP: the id and version it was exported from, and its content.</summary>
public sealed record ImportedCourse(string? SourceCourseId, int? SourceVersion, CourseContent Content);

/// <summary>
/// The export format of a course version: a ZIP holding <c>course.json</c> (a versioned manifest) and
/// one file per lesson body under <c>lessons/</c>. Reading refuses anything unsafe before it trusts a byte.
/// </summary>
public static class CourseArchive
{
    public const int ManifestVersion = 1;
    public const string ManifestName = "course.json";
    public const int MaxEntries = 1_000;
    public const long MaxUncompressedBytes = 64L * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>Writes <paramref name="version"/> as an export ZIP to <paramref name="output"/>.</summary>
    public static void Write(Stream output, ContentVersion<CourseContent> version, DateTimeOffset exportedAt)
    {
        ArgumentNullException.ThrowIfNull(version);
        var content = version.Content;
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var modules = content.Modules.Select(m => new ManifestModule(m.Id, m.Title, m.Description, [.. m.Lessons.Select(l =>
        {
            var markdownFile = l.Markdown is null ? null : AddText(zip, $"lessons/{l.Id}.md", l.Markdown);
            var transcriptFile = l.Transcript is null ? null : AddText(zip, $"lessons/{l.Id}.transcript.md", l.Transcript);
            return new ManifestLesson(l.Id, l.Title, l.Type, l.Required, l.EstimatedMinutes, markdownFile, l.VideoUrl, transcriptFile,
                l.DocumentUrl, l.FileName, l.Assessment);
        })])).ToList();
        var manifest = new CourseManifest(ManifestVersion, version.OwnerId, version.Number, exportedAt, new ManifestCourse(
            content.Title, content.Description, content.ProductSuite, content.ProductConcept, content.Tags, content.CoverImageUrl,
            content.StartDate, content.EndDate, content.EstimatedDurationMinutes, content.Instructors, content.Prerequisites, [.. modules]));
        AddText(zip, ManifestName, JsonSerializer.Serialize(manifest, Json));
    }

    /// <summary>Reads an export ZIP. Every refusal is a <see cref="DomainException"/> with a course-archive code of <see cref="ErrorCodes"/> (field <c>file</c>).</summary>
    public static ImportedCourse Read(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var zip = Open(input);
        var entries = CheckEntries(zip);
        var budget = new ByteBudget(MaxUncompressedBytes);
        var manifest = ReadManifest(entries, budget);
        var course = manifest.Course ?? throw Refuse(ErrorCodes.ManifestInvalid, $"{ManifestName} has no course.");
        return new ImportedCourse(manifest.CourseId, manifest.Version, Content(course, entries, budget));
    }

    private static ZipArchive Open(Stream input)
    {
        try
        {
            return new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw Refuse(ErrorCodes.InvalidZip, $"The file is not a ZIP archive: {ex.Message}");
        }
    }

    private static CourseManifest ReadManifest(Dictionary<string, ZipArchiveEntry> entries, ByteBudget budget)
    {
        if (!entries.TryGetValue(ManifestName, out var manifestEntry))
        {
            throw Refuse(ErrorCodes.ManifestMissing, $"The archive has no {ManifestName} at its root.");
        }

        CourseManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CourseManifest>(ReadText(manifestEntry, budget), Json);
        }
        catch (JsonException ex)
        {
            throw Refuse(ErrorCodes.ManifestInvalid, $"{ManifestName} is not a valid manifest: {ex.Message}");
        }

        if (manifest is null)
        {
            throw Refuse(ErrorCodes.ManifestInvalid, $"{ManifestName} is empty.");
        }

        return manifest.ManifestVersion == ManifestVersion ? manifest
            : throw Refuse(ErrorCodes.ManifestVersionUnsupported, $"Manifest version {manifest.ManifestVersion} is not supported; this portal reads version {ManifestVersion}.");
    }

    // Fields a manifest leaves out read as empty, so the draft's validation reports them with their field paths.
    private static CourseContent Content(ManifestCourse course, Dictionary<string, ZipArchiveEntry> entries, ByteBudget budget)
    {
        string? Body(string? file) => file is null ? null
            : entries.TryGetValue(file, out var entry) ? ReadText(entry, budget)
            : throw Refuse(ErrorCodes.BodyMissing, $"The manifest names '{file}', which is not in the archive.");

        var modules = (course.Modules ?? []).Select(m => new Module(m.Id ?? "", m.Title ?? "", m.Description, [.. (m.Lessons ?? []).Select(l =>
            new Lesson(l.Id ?? "", l.Title ?? "", l.Type ?? throw Refuse(ErrorCodes.ManifestInvalid, $"Lesson '{l.Id}' has no type."), l.Required,
                l.EstimatedMinutes, Body(l.MarkdownFile), l.VideoUrl, Body(l.TranscriptFile), l.DocumentUrl, l.FileName, l.Assessment))]));
        return new CourseContent(course.Title ?? "", course.Description, course.ProductSuite, course.ProductConcept,
            course.Tags ?? [], course.CoverImageUrl, course.StartDate, course.EndDate, course.EstimatedDurationMinutes,
            [.. modules], course.Instructors ?? [], course.Prerequisites ?? []);
    }

    private static Dictionary<string, ZipArchiveEntry> CheckEntries(ZipArchive zip)
    {
        var entries = Entries(zip);
        if (entries.Count > MaxEntries)
        {
            throw Refuse(ErrorCodes.TooManyEntries, $"The archive has {entries.Count} entries; at most {MaxEntries} are accepted.");
        }

        var declared = 0L;
        var byName = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = entry.FullName;
            if (IsUnsafeName(name))
            {
                throw Refuse(ErrorCodes.UnsafeEntry, $"The entry '{name}' points outside the archive or has an unsafe name.");
            }

            declared += entry.Length;
            if (declared > MaxUncompressedBytes)
            {
                throw TooLarge();
            }

            if (!name.EndsWith('/') && !byName.TryAdd(name, entry))
            {
                throw Refuse(ErrorCodes.UnsafeEntry, $"The entry '{name}' appears twice.");
            }
        }

        return byName;
    }

    private static ReadOnlyCollection<ZipArchiveEntry> Entries(ZipArchive zip)
    {
        // The central directory is read on first access, so a damaged one shows here.
        try
        {
            return zip.Entries;
        }
        catch (InvalidDataException ex)
        {
            throw Refuse(ErrorCodes.InvalidZip, $"The archive's directory is damaged: {ex.Message}");
        }
    }

    // Refused before anything is read: names an unpacking tool could write outside its folder (absolute, '..', a drive,
    // a backslash path) and names that hide characters from the reviewer who reads the archive.
    private static bool IsUnsafeName(string name) =>
        name.Length == 0 || name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal)
        || name.Split('/').Any(part => part is ".." or ".") || name.Any(char.IsControl);

    // Declared sizes can lie, so the bytes actually inflated are counted too.
    private static string ReadText(ZipArchiveEntry entry, ByteBudget budget)
    {
        try
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                budget.Spend(read);
                buffer.Write(chunk, 0, read);
            }

            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (Exception ex) when (ex is InvalidDataException or DecoderFallbackException)
        {
            throw Refuse(ErrorCodes.InvalidZip, $"The entry '{entry.FullName}' cannot be read: {ex.Message}");
        }
    }

    private static string AddText(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
        writer.Write(text);
        return name;
    }

    private static DomainException Refuse(string code, string message) => new([new FieldError(code, "file", message)]);

    private static DomainException TooLarge() =>
        Refuse(ErrorCodes.ArchiveTooLarge, $"The archive unpacks to more than {MaxUncompressedBytes / (1024 * 1024)} MB.");

    private sealed class ByteBudget(long limit)
    {
        private long _left = limit;

        public void Spend(int bytes)
        {
            _left -= bytes;
            if (_left < 0)
            {
                throw TooLarge();
            }
        }
    }
}
