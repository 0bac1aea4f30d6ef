using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Api;

/// <summary>An answer option; <see cref="Correct"/> is left out (null) for learners.</summary>
public sealed record OptionJson(string Id, string Text, bool? Correct);

public sealed record QuestionJson(string Id, string Text, bool Multiple, IReadOnlyList<OptionJson> Options);

/// <summary>A lesson in /v1: common fields and the payload of its type (an assessment's includes its attempts
/// policy: <c>maxAttempts</c> and <c>minutesBetweenAttempts</c>, both optional).</summary>
public sealed record LessonJson(
    string Id,
    string Title,
    string Type,
    bool Required,
    int? Order = null,
    int? EstimatedDurationMinutes = null,
    string? Markdown = null,
    string? VideoUrl = null,
    string? Transcript = null,
    string? DocumentUrl = null,
    string? FileName = null,
    int? PassMark = null,
    IReadOnlyList<QuestionJson>? Questions = null,
    int? MaxAttempts = null,
    int? MinutesBetweenAttempts = null);

public sealed record ModuleJson(string Id, string Title, string? Description, int? Order, IReadOnlyList<LessonJson> Lessons);

/// <summary>A course body for POST (with its id) and PUT, and the course in answers.</summary>
public sealed record CourseJson(
    string? Id,
    string Title,
    string? Description = null,
    IReadOnlyList<string>? Tags = null,
    string? ProductSuite = null,
    string? ProductConcept = null,
    string? CoverImageUrl = null,
    DateOnly? StartDate = null,
    DateOnly? EndDate = null,
    int? EstimatedDurationMinutes = null,
    IReadOnlyList<ModuleJson>? Modules = null,
    IReadOnlyList<string>? Instructors = null,
    IReadOnlyList<string>? Prerequisites = null,
    int? Version = null,
    string? Status = null,
    string? Revision = null);

/// <summary>One row of GET /v1/courses/{id}/versions.</summary>
public sealed record VersionJson(int Version, string Status, bool IsActive, bool IsScheduled, string CreatedBy, DateTimeOffset CreatedAt,
    string? PublishedBy, DateTimeOffset? PublishedAt, DateTimeOffset? ArchivedAt, string? ChangeNotes, DateTimeOffset? EffectiveDate,
    int LearnerCount, int CompletedCount, string? ArchivedBy = null, string? ArchiveReason = null);

public sealed record PublishJson(string? ChangeNotes, DateTimeOffset? EffectiveDate);

/// <summary>The body of archiving a course or package (the reason is required) or of cancelling a scheduled publish (optional).</summary>
public sealed record ReasonJson(string? Reason);

public sealed record CompleteLessonJson(string LessonId);

public sealed record AttemptJson(IReadOnlyDictionary<string, IReadOnlyList<string>>? Answers);

/// <summary>An admin's grant of one more assessment attempt; the reason stays in the audit trail.</summary>
public sealed record AttemptGrantJson(string? Reason);

/// <summary>Maps between the API's JSON and the domain records; unknown lesson types become a field error.</summary>
public static class CourseMapping
{
    public static CourseContent ToContent(this CourseJson json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var modules = (json.Modules ?? []).Select((m, i) => new Module(m.Id, m.Title, m.Description,
            [.. (m.Lessons ?? []).Select((l, j) => ToLesson(l, $"modules[{i}].lessons[{j}]"))]));
        return new CourseContent(json.Title ?? "", json.Description, json.ProductSuite, json.ProductConcept, [.. json.Tags ?? []], json.CoverImageUrl,
            json.StartDate, json.EndDate, json.EstimatedDurationMinutes, [.. modules], [.. json.Instructors ?? []], [.. json.Prerequisites ?? []]);
    }

    public static CourseJson ToJson(this ContentVersion<CourseContent> version, bool withAnswers)
    {
        ArgumentNullException.ThrowIfNull(version);
        var c = version.Content;
        return new CourseJson(version.OwnerId, c.Title, c.Description, c.Tags, c.ProductSuite, c.ProductConcept, c.CoverImageUrl, c.StartDate, c.EndDate,
            c.EffectiveDurationMinutes,
            [.. c.Modules.Select((m, i) => new ModuleJson(m.Id, m.Title, m.Description, i + 1, [.. m.Lessons.Select((l, j) => ToJson(l, j + 1, withAnswers))]))],
            c.Instructors, c.Prerequisites, version.Number, version.Status.ToString().ToLowerInvariant(), Revisions.Of(version));
    }

    /// <summary>A history row with how many learners started (<c>learnerCount</c>) and completed the version.</summary>
    public static VersionJson ToJson(this VersionInfo v, CourseVersionLearners? learners)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.Number, v.Status.ToString().ToLowerInvariant(), v.IsActive, v.IsScheduled, v.CreatedBy, v.CreatedAt, v.PublishedBy, v.PublishedAt,
            v.ArchivedAt, v.ChangeNotes, v.EffectiveDate, learners?.Started ?? 0, learners?.Completed ?? 0, v.ArchivedBy, v.ArchiveReason);
    }

    private static Lesson ToLesson(LessonJson l, string path)
    {
        if (!Enum.TryParse<LessonType>(l.Type, ignoreCase: true, out var type) || !Enum.IsDefined(type) || int.TryParse(l.Type, out _))
        {
            throw new DomainException([new FieldError(ErrorCodes.InvalidType, $"{path}.type", $"'{l.Type}' is not a lesson type: content, video, document or assessment.")]);
        }

        var assessment = type == LessonType.Assessment
            ? new Assessment(l.PassMark ?? 0, [.. (l.Questions ?? []).Select(q => new Question(q.Id, q.Text, q.Multiple,
                [.. (q.Options ?? []).Select(o => new AnswerOption(o.Id, o.Text, o.Correct == true))]))], l.MaxAttempts, l.MinutesBetweenAttempts)
            : null;
        return new Lesson(l.Id, l.Title, type, l.Required, l.EstimatedDurationMinutes, l.Markdown, l.VideoUrl, l.Transcript, l.DocumentUrl, l.FileName, assessment);
    }

    private static LessonJson ToJson(Lesson l, int order, bool withAnswers) => new(
        l.Id, l.Title, l.Type.ToString().ToLowerInvariant(), l.Required, order, l.EstimatedMinutes, l.Markdown, l.VideoUrl, l.Transcript, l.DocumentUrl,
        l.FileName, l.Assessment?.PassMark,
        l.Assessment is null ? null : [.. l.Assessment.Questions.Select(q => new QuestionJson(q.Id, q.Text, q.Multiple,
            [.. q.Options.Select(o => new OptionJson(o.Id, o.Text, withAnswers ? o.Correct : null))]))],
        l.Assessment?.MaxAttempts, l.Assessment?.MinutesBetweenAttempts);

    public static ImmutableDictionary<string, ImmutableArray<string>> ToAnswers(this AttemptJson json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return (json.Answers ?? new Dictionary<string, IReadOnlyList<string>>())
            .ToImmutableDictionary(a => a.Key, a => (a.Value ?? []).ToImmutableArray());
    }
}
