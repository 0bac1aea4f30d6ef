using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Courses;

namespace CoursePortal.Grains.Learning;

/// <summary>Scores an attempt: the percentage of questions answered exactly (every correct option chosen,
/// no wrong one), rounded down.</summary>
public static class AssessmentScoring
{
    public static int Score(Assessment assessment, ImmutableDictionary<string, ImmutableArray<string>> answers)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(answers);
        var questions = assessment.Questions;
        if (questions.IsDefaultOrEmpty)
        {
            return 0;
        }

        var right = 0;
        foreach (var question in questions)
        {
            if (!answers.TryGetValue(question.Id, out var chosen) || chosen.IsDefault)
            {
                continue;
            }

            var correct = question.Options.Where(o => o.Correct).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            if (correct.SetEquals(chosen))
            {
                right++;
            }
        }

        return right * 100 / questions.Length;
    }
}
