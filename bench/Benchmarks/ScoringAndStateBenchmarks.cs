using System.Collections.Immutable;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Learning;

namespace CoursePortal.Benchmarks;

/// <summary>Scoring a 20-question attempt, and the enrollment state as the grain stores it (System.Text.Json, as the
/// silo's storage serializer writes it).</summary>
[MemoryDiagnoser]
public class ScoringAndStateBenchmarks
{
    private Assessment _assessment = null!;
    private ImmutableDictionary<string, ImmutableArray<string>> _answers = null!;
    private CourseEnrollmentState _state = null!;
    private byte[] _stored = [];

    /// <summary>A typical enrollment: a 12-lesson course with one 10-question assessment, half done, one attempt.</summary>
    public static CourseEnrollmentState TypicalEnrollment()
    {
        var at = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var quiz = Quiz(10);
        var lessons = Enumerable.Range(0, 12).Select(i => new PinnedLesson($"lesson-{i}", $"module-{i / 4}", i % 5 != 4, i == 11 ? quiz : null)).ToList();
        var state = new CourseEnrollmentState { Version = 3, StartedAt = at, LastAccessedAt = at.AddHours(2), CurrentLessonId = "lesson-6" };
        state.Lessons.AddRange(lessons);
        state.CompletedLessons.AddRange(lessons.Take(6).Select(l => l.Id));
        state.Attempts.Add(new AssessmentAttempt("lesson-11", at.AddHours(1), 60, false));
        return state;
    }

    public static Assessment Quiz(int questions) => new(80, [.. Enumerable.Range(0, questions).Select(q => new Question($"q{q}", $"Question {q}?", q % 3 == 0,
        [.. Enumerable.Range(0, 4).Select(o => new AnswerOption($"o{o}", $"Option {o}", o == 0 || (q % 3 == 0 && o == 1)))]))]);

    [GlobalSetup]
    public void Setup()
    {
        _assessment = Quiz(20);
        _answers = _assessment.Questions.ToImmutableDictionary(q => q.Id, q => q.Options.Where(o => o.Correct).Select(o => o.Id).ToImmutableArray());
        _state = TypicalEnrollment();
        _stored = JsonSerializer.SerializeToUtf8Bytes(_state);
    }

    [Benchmark(Description = "score a 20-question attempt")]
    public int Score() => AssessmentScoring.Score(_assessment, _answers);

    [Benchmark(Description = "serialize a typical enrollment state")]
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(_state);

    [Benchmark(Description = "deserialize a typical enrollment state")]
    public CourseEnrollmentState? Deserialize() => JsonSerializer.Deserialize<CourseEnrollmentState>(_stored);
}
