using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Benchmarks;

/// <summary>The trees the targets name, built the same way every run.</summary>
public static class Trees
{
    /// <summary>50 courses: a series of 10, a choice of 6 of 20 with 2 required, a family of 10 (any one), and 10 loose courses.</summary>
    public static RequirementNode FiftyItems()
    {
        var n = 0;
        RequirementNode Course(bool required = true) => RequirementNode.Course($"c{n++}", required);
        var series = RequirementNode.Set("Series", SetMode.AllInOrder, Enumerable.Range(0, 10).Select(_ => Course()));
        var choice = RequirementNode.Set("Choice", SetMode.AtLeast, Enumerable.Range(0, 20).Select(i => Course(required: i < 2)), min: 6);
        var family = RequirementNode.Set("Family", SetMode.AtLeast, Enumerable.Range(0, 10).Select(_ => Course(required: false)), min: 1);
        return RequirementNode.Set(null, SetMode.All, [series, choice, family, .. Enumerable.Range(0, 10).Select(_ => Course())]);
    }

    /// <summary>About 500 nodes: 20 groups of (a series of 8 and a choice of 3 of 12) plus loose courses.</summary>
    public static RequirementNode FiveHundredNodes()
    {
        var n = 0;
        RequirementNode Course(bool required = true) => RequirementNode.Course($"d{n++}", required);
        var groups = Enumerable.Range(0, 20).Select(g => RequirementNode.Set($"G{g}", SetMode.All,
        [
            RequirementNode.Set($"S{g}", SetMode.AllInOrder, Enumerable.Range(0, 8).Select(_ => Course())),
            RequirementNode.Set($"C{g}", SetMode.AtLeast, Enumerable.Range(0, 12).Select(_ => Course(required: false)), min: 3),
        ]));
        return RequirementNode.Set(null, SetMode.All, [.. groups, .. Enumerable.Range(0, 17).Select(_ => Course())]);
    }

    /// <summary>A learner who completed every other course of <paramref name="root"/>.</summary>
    public static LearnerRecord HalfDone(RequirementNode root)
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var courses = root.PreOrder().Where(c => c.IsCourse).Select(c => c.CourseId!).ToList();
        return new LearnerRecord(courses.Where((_, i) => i % 2 == 0).ToImmutableDictionary(c => c, _ => at), at.AddDays(-1));
    }
}
