using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Courses.Archive;

// The course.json document of an export ZIP (manifest version 1). Lesson bodies live in their own
// entries and the manifest names them, so a reviewer can read and diff them as plain files.
internal sealed record CourseManifest(
    int ManifestVersion,
    string? CourseId,
    int? Version,
    DateTimeOffset? ExportedAt,
    ManifestCourse? Course);

internal sealed record ManifestCourse(
    string? Title,
    string? Description,
    string? ProductSuite,
    string? ProductConcept,
    ImmutableArray<string>? Tags,
    string? CoverImageUrl,
    DateOnly? StartDate,
    DateOnly? EndDate,
    int? EstimatedDurationMinutes,
    ImmutableArray<string>? Instructors,
    ImmutableArray<string>? Prerequisites,
    ImmutableArray<ManifestModule>? Modules);

internal sealed record ManifestModule(string? Id, string? Title, string? Description, ImmutableArray<ManifestLesson>? Lessons);

internal sealed record ManifestLesson(
    string? Id,
    string? Title,
    LessonType? Type,
    bool Required,
    int? EstimatedMinutes,
    string? MarkdownFile,
    string? VideoUrl,
    string? TranscriptFile,
    string? DocumentUrl,
    string? FileName,
    Assessment? Assessment);
