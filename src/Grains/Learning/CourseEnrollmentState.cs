using System.Text.Json.Serialization;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Grains.Learning;

/// <summary>What progress needs of one lesson of the pinned course version: the course's, shared by every enrollment on
/// the version in a silo (<see cref="PinnedLessons"/>), so the hot path never asks the course grain and no row stores it.</summary>
[GenerateSerializer]
[Alias("courseportal.pinned-lesson")]
public sealed record PinnedLesson(
    [property: Id(0)] string Id,
    [property: Id(1)] string ModuleId,
    [property: Id(2)] bool Required,
    [property: Id(3)] Assessment? Assessment);

[GenerateSerializer]
[Alias("courseportal.assessment-attempt")]
public sealed record AssessmentAttempt(
    [property: Id(0)] string LessonId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] int Score,
    [property: Id(3)] bool Passed);

[GenerateSerializer]
[Alias("courseportal.course-enrollment-state")]
public sealed class CourseEnrollmentState
{
    [Id(0)]
    public int Version { get; set; }

    /// <summary>The pinned version's lessons, in memory only: they are the course's, not the learner's, so the grain takes
    /// them from the course version when it starts or activates (see <see cref="PinnedLessons"/>) and no row holds them.
    /// Shared between enrollments on the same version: replaced, never changed in place. Neither serializer sees it
    /// (<c>[NonSerialized]</c>, <c>[JsonIgnore]</c>).</summary>
    [JsonIgnore]
    [field: NonSerialized]
    public List<PinnedLesson> Lessons { get; set; } = [];

    /// <summary>The lessons a row written before slim rows holds under "Lessons" (the same list as the pinned version's):
    /// read so such a row activates without asking the course grain, then dropped, so the next write leaves it out.</summary>
    [Id(1)]
    [JsonPropertyName("Lessons")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<PinnedLesson>? StoredLessons { get; set; }

    /// <summary>Readies the row to be written: slim, or with the lessons for silos of the release before slim rows
    /// (<see cref="EnrollmentRowOptions.EnrollmentRowsKeepLessons"/>), which read a row without them as a course with
    /// no lessons.</summary>
    public void PrepareRow(bool keepLessons) => StoredLessons = keepLessons && Lessons.Count > 0 ? Lessons : null;

    [Id(2)]
    public List<string> CompletedLessons { get; init; } = [];

    /// <summary>The attempts kept: per assessment the best and the last <see cref="AttemptHistory.KeptLast"/>
    /// (every attempt stays in the learning events).</summary>
    [Id(3)]
    public List<AssessmentAttempt> Attempts { get; init; } = [];

    [Id(4)]
    public DateTimeOffset? StartedAt { get; set; }

    [Id(5)]
    public DateTimeOffset LastAccessedAt { get; set; }

    [Id(6)]
    public DateTimeOffset? CompletedAt { get; set; }

    [Id(7)]
    public string? CurrentLessonId { get; set; }

    [Id(8)]
    public Outbox Outbox { get; init; } = new();

    /// <summary>A completion the user grain has not yet been told about.</summary>
    [Id(9)]
    public CourseCompletion? CompletionToReport { get; set; }

    /// <summary>When each lesson was completed; state stored before times were kept has none (time unknown).</summary>
    [Id(10)]
    public Dictionary<string, DateTimeOffset> CompletedLessonTimes { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Attempts made per assessment, counted here because <see cref="Attempts"/> is trimmed. A lesson missing here
    /// (state stored before counts were kept) counts its entries in <see cref="Attempts"/>, which were never trimmed then.</summary>
    [Id(11)]
    public Dictionary<string, int> AttemptCounts { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Extra attempts admins granted per assessment, on top of the author's maximum.</summary>
    [Id(12)]
    public Dictionary<string, int> GrantedAttempts { get; init; } = new(StringComparer.Ordinal);
}
