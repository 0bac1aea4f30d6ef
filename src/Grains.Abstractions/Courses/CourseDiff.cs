using System.Collections.Immutable;
using System.Globalization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>A module or lesson present in both versions with some fields changed.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.item-change")]
public sealed record ItemChange(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] ImmutableArray<FieldChange> Changes);

/// <summary>A module or lesson that only one of the versions has.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.item-ref")]
public sealed record ItemRef(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title);

/// <summary>What changed from one course version to another: what an admin reads before approving.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.course-diff")]
public sealed record CourseDiff(
    [property: Id(0)] int From,
    [property: Id(1)] int To,
    [property: Id(2)] ImmutableArray<FieldChange> Metadata,
    [property: Id(3)] ImmutableArray<ItemRef> ModulesAdded,
    [property: Id(4)] ImmutableArray<ItemRef> ModulesRemoved,
    [property: Id(5)] ImmutableArray<ItemChange> ModulesModified,
    [property: Id(6)] ImmutableArray<ItemRef> LessonsAdded,
    [property: Id(7)] ImmutableArray<ItemRef> LessonsRemoved,
    [property: Id(8)] ImmutableArray<ItemChange> LessonsModified)
{
    public bool IsEmpty => Metadata.IsEmpty && ModulesAdded.IsEmpty && ModulesRemoved.IsEmpty && ModulesModified.IsEmpty
        && LessonsAdded.IsEmpty && LessonsRemoved.IsEmpty && LessonsModified.IsEmpty;

    /// <summary>Compares two versions. Lessons are matched by their stable id, so a lesson moved to
    /// another module is "modified" (its module changed), not removed and added.</summary>
    public static CourseDiff Between(ContentVersion<CourseContent> from, ContentVersion<CourseContent> to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var a = from.Content;
        var b = to.Content;

        var metadata = new List<FieldChange>();
        Compare(metadata, "title", a.Title, b.Title);
        Compare(metadata, "description", a.Description, b.Description);
        Compare(metadata, "productSuite", a.ProductSuite, b.ProductSuite);
        Compare(metadata, "productConcept", a.ProductConcept, b.ProductConcept);
        Compare(metadata, "tags", string.Join(", ", a.Tags), string.Join(", ", b.Tags));
        Compare(metadata, "coverImageUrl", a.CoverImageUrl, b.CoverImageUrl);
        Compare(metadata, "startDate", Text(a.StartDate), Text(b.StartDate));
        Compare(metadata, "endDate", Text(a.EndDate), Text(b.EndDate));
        Compare(metadata, "estimatedDurationMinutes", Text(a.EffectiveDurationMinutes), Text(b.EffectiveDurationMinutes));
        Compare(metadata, "instructors", string.Join(", ", a.Instructors), string.Join(", ", b.Instructors));
        Compare(metadata, "prerequisites", string.Join(", ", a.Prerequisites), string.Join(", ", b.Prerequisites));

        var (modulesAdded, modulesRemoved, modulesModified) = Items(
            a.Modules.Select((m, i) => (m.Id, m.Title, Fields: ModuleFields(m, i))),
            b.Modules.Select((m, i) => (m.Id, m.Title, Fields: ModuleFields(m, i))));
        var (lessonsAdded, lessonsRemoved, lessonsModified) = Items(
            a.Modules.SelectMany(m => m.Lessons.Select((l, i) => (l.Id, l.Title, Fields: LessonFields(m.Id, l, i)))),
            b.Modules.SelectMany(m => m.Lessons.Select((l, i) => (l.Id, l.Title, Fields: LessonFields(m.Id, l, i)))));

        return new CourseDiff(from.Number, to.Number, [.. metadata], modulesAdded, modulesRemoved, modulesModified,
            lessonsAdded, lessonsRemoved, lessonsModified);
    }

    private static (ImmutableArray<ItemRef>, ImmutableArray<ItemRef>, ImmutableArray<ItemChange>) Items(
        IEnumerable<(string Id, string Title, IReadOnlyList<(string Field, string? Value)> Fields)> before,
        IEnumerable<(string Id, string Title, IReadOnlyList<(string Field, string? Value)> Fields)> after)
    {
        var old = before.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var now = after.ToList();
        var added = now.Where(i => !old.ContainsKey(i.Id)).Select(i => new ItemRef(i.Id, i.Title)).ToImmutableArray();
        var nowIds = now.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var removed = old.Values.Where(i => !nowIds.Contains(i.Id)).Select(i => new ItemRef(i.Id, i.Title)).ToImmutableArray();
        var modified = ImmutableArray.CreateBuilder<ItemChange>();
        foreach (var item in now.Where(i => old.ContainsKey(i.Id)))
        {
            var changes = new List<FieldChange>();
            var previous = old[item.Id].Fields.ToDictionary(f => f.Field, f => f.Value, StringComparer.Ordinal);
            foreach (var (field, value) in item.Fields)
            {
                Compare(changes, field, previous.GetValueOrDefault(field), value);
            }

            if (changes.Count > 0)
            {
                modified.Add(new ItemChange(item.Id, item.Title, [.. changes]));
            }
        }

        return (added, removed, modified.ToImmutable());
    }

    private static IReadOnlyList<(string Field, string? Value)> ModuleFields(Module m, int order) =>
        [("title", m.Title), ("description", m.Description), ("order", Text(order + 1))];

    private static IReadOnlyList<(string Field, string? Value)> LessonFields(string moduleId, Lesson l, int order) =>
    [
        ("module", moduleId),
        ("order", Text(order + 1)),
        ("title", l.Title),
        ("type", l.Type.ToString().ToLowerInvariant()),
        ("required", l.Required ? "true" : "false"),
        ("estimatedMinutes", Text(l.EstimatedMinutes)),
        ("markdown", Digest(l.Markdown)),
        ("videoUrl", l.VideoUrl),
        ("transcript", Digest(l.Transcript)),
        ("documentUrl", l.DocumentUrl),
        ("fileName", l.FileName),
        ("passMark", Text(l.Assessment?.PassMark)),
        ("maxAttempts", Text(l.Assessment?.MaxAttempts)),
        ("minutesBetweenAttempts", Text(l.Assessment?.MinutesBetweenAttempts)),
        ("questions", l.Assessment is null ? null : Text(l.Assessment.Questions.Length)),
        ("answerKey", l.Assessment is null ? null : AnswerKey(l.Assessment)),
    ];

    // Long bodies are summarized: the diff says that the text changed and how long it is, not the whole text.
    private static string? Digest(string? text) => text is null ? null
        : text.Length <= 80 ? text
        : $"{text.Length} characters, #{(uint)string.GetHashCode(text.AsSpan(), StringComparison.Ordinal):x8}";

    private static string AnswerKey(Assessment assessment) => string.Join("; ", assessment.Questions.Select(q =>
        $"{q.Id}: {q.Text} [{string.Join(", ", q.Options.Select(o => (o.Correct ? "*" : "") + o.Text))}]"));

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Text(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Compare(List<FieldChange> changes, string field, string? from, string? to)
    {
        if (!string.Equals(from, to, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange(field, from, to));
        }
    }
}
