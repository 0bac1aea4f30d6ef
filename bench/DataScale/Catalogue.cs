using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.DataScale;

/// <summary>One course of the company's catalogue: its lessons (the last one a quiz) and when each of its three
/// versions took over, as days after the history starts.</summary>
public sealed record CourseSpec(string Id, string Title, int ContentLessons, IReadOnlyList<int> VersionDays)
{
    public const string QuizId = "quiz";

    public const int PassMark = 80;

    public const int MaxAttempts = 3;

    public IReadOnlyList<string> LessonIds { get; } = [.. Enumerable.Range(1, ContentLessons).Select(i => $"lesson-{i}")];

    /// <summary>The course version a learner starting on <paramref name="day"/> is pinned to.</summary>
    public int VersionOn(int day) => VersionDays.Count(d => d <= day) is var n && n == 0 ? 1 : n;

    /// <summary>Version <paramref name="version"/>'s content: the same lessons, a revised description.</summary>
    public CourseContent Content(int version)
    {
        var half = ContentLessons / 2;
        return new CourseContent(Title, $"{Title} (revision {version}).", "Compliance", "Annual training", ["compliance", "datascale"], Modules:
        [
            new Module("learn", "Learn", null, [.. LessonIds.Take(half).Select(ContentLesson)]),
            new Module("apply", "Apply", null, [.. LessonIds.Skip(half).Select(ContentLesson)]),
            new Module("check", "Check yourself", null,
            [
                new Lesson(QuizId, $"{Title} quiz", LessonType.Assessment, true, 5, Assessment: new Assessment(PassMark,
                [
                    new Question("q1", $"Which is right about {Title}?", false,
                    [
                        new AnswerOption("right", "The policy's answer", true),
                        new AnswerOption("wrong", "A tempting shortcut", false),
                    ]),
                ], MaxAttempts: MaxAttempts)),
            ]),
        ]);

        Lesson ContentLesson(string id) => new(id, $"{Title}: {id}", LessonType.Content, true, 8, Markdown: $"# {Title}\n\nPart {id} of the policy, revision {version}.");
    }
}

/// <summary>The company's courses and packages: an onboarding series every hire takes, and an annual compliance package
/// per year (three required courses, a series of two, two of four with the first required, valid for a year).</summary>
public static class Catalogue
{
    public const string Onboarding = "onboarding";

    public const string ChoiceGroup = "compliance-electives";

    public static readonly ImmutableArray<string> OnboardingCourses = ["welcome", "it-security-basics", "benefits-and-policies"];

    public static readonly ImmutableArray<string> RequiredCourses = ["code-of-conduct", "data-protection", "information-security"];

    public static readonly ImmutableArray<string> SafetySeries = ["workplace-safety", "fire-safety"];

    public static readonly ImmutableArray<string> Electives = ["anti-bribery", "export-control", "harassment-prevention", "first-aid"];

    /// <summary>Every course, each revised twice over the history at its own moments.</summary>
    public static IReadOnlyList<CourseSpec> Courses(int years)
    {
        var all = OnboardingCourses.Concat(RequiredCourses).Concat(SafetySeries).Concat(Electives).ToList();
        var span = years * 365;
        return [.. all.Select((id, i) => new CourseSpec(id, Title(id), 6 + (i % 3) * 2,
            [0, span / 3 + i * 17 % 200, 2 * span / 3 + i * 31 % 200]))];
    }

    public static CourseSpec Course(IReadOnlyList<CourseSpec> courses, string id) => courses.First(c => c.Id == id);

    /// <summary>The annual package of the cycle starting in <paramref name="year"/>.</summary>
    public static string AnnualPackage(int year) => $"annual-compliance-{year}";

    /// <summary>Two of four, the first of them required: anti-bribery and one elective of the learner's choice.</summary>
    public static RequirementNode ElectivesSet() =>
        RequirementNode.Set("Anti-bribery and one elective", SetMode.AtLeast, Electives.Select((c, i) => RequirementNode.Course(c, required: i == 0)), min: 2);

    /// <summary>Version <paramref name="version"/> of the annual package: v2 adds nothing but wording, v3 makes the
    /// safety series strict; the tree stays the same so that every learner's record answers it.</summary>
    public static PackageContent AnnualContent(int year, int version) => new(
        $"Annual compliance {year}/{(year + 1) % 100:00}", $"Everyone's yearly compliance training (revision {version}).", "Compliance",
        RequirementNode.Set(null, SetMode.All,
        [
            .. RequiredCourses.Select(c => RequirementNode.Course(c)),
            RequirementNode.Set("Safety series", SetMode.AllInOrder, SafetySeries.Select(c => RequirementNode.Course(c))),
            ElectivesSet(),
        ]),
        ValidityDays: 365,
        CompletionsMustFollowEnrollment: true);

    public static PackageContent OnboardingContent(int version) => new(
        "Onboarding", $"What every new colleague takes in their first month (revision {version}).", "Onboarding",
        RequirementNode.Set("Onboarding series", SetMode.AllInOrder, OnboardingCourses.Select(c => RequirementNode.Course(c))));

    private static string Title(string id) =>
        string.Join(' ', id.Split('-').Select(w => w.Length <= 2 ? w.ToUpperInvariant() : char.ToUpperInvariant(w[0]) + w[1..]));
}
