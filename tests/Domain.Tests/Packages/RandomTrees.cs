using CoursePortal.Grains.Abstractions.Packages;
using CsCheck;

namespace CoursePortal.Domain.Tests.Packages;

/// <summary>Random valid requirement trees and learner completions for the property tests. Each case
/// is built from one seed, which CsCheck reports when a property fails, so every failure replays.</summary>
public static class RandomTrees
{
    /// <summary>A valid tree (≤ 5 levels) with its distinct course ids.</summary>
    public static readonly Gen<(RequirementNode Tree, string[] Courses)> Tree =
        Gen.Int[0, int.MaxValue].Select(seed => Build(new Random(seed)));

    /// <summary>A tree, a set of its courses completed, and one more course to complete.</summary>
    public static readonly Gen<(RequirementNode Tree, HashSet<string> Completed, string Next)> TreeWithProgress =
        Gen.Int[0, int.MaxValue].Select(seed =>
        {
            var random = new Random(seed);
            var (tree, courses) = Build(random);
            var completed = courses.Where(_ => random.Next(3) == 0).ToHashSet(StringComparer.Ordinal);
            return (tree, completed, courses[random.Next(courses.Length)]);
        });

    /// <summary>A tree and some of its courses completed at random times, ties included (a few days apart at most).</summary>
    public static readonly Gen<(RequirementNode Tree, Dictionary<string, DateTimeOffset> Completed)> TreeWithTimes =
        Gen.Int[0, int.MaxValue].Select(seed =>
        {
            var random = new Random(seed);
            var (tree, courses) = Build(random);
            var completed = courses.Where(_ => random.Next(4) > 0)
                .ToDictionary(c => c, _ => DateTimeOffset.UnixEpoch.AddHours(random.Next(0, 8) * 12), StringComparer.Ordinal);
            return (tree, completed);
        });

    /// <summary>A series of 1–5 courses at the root, some optional, each completed at distinct increasing times.</summary>
    public static readonly Gen<(RequirementNode Series, Dictionary<string, DateTimeOffset> InOrder)> SeriesInOrder =
        Gen.Int[0, int.MaxValue].Select(seed =>
        {
            var random = new Random(seed);
            var members = Enumerable.Range(0, random.Next(1, 6)).Select(i => RequirementNode.Course($"c{i}", required: i == 0 || random.Next(3) > 0)).ToList();
            var times = members.Select((m, i) => (m.CourseId!, DateTimeOffset.UnixEpoch.AddDays(i + random.Next(0, 2) / 2.0)))
                .ToDictionary(t => t.Item1, t => t.Item2, StringComparer.Ordinal);
            return (RequirementNode.Set(null, SetMode.AllInOrder, members), times);
        });

    public static LearnerRecord Learner(IEnumerable<string> completed) =>
        new(completed.Distinct().ToDictionary(c => c, _ => DateTimeOffset.UnixEpoch, StringComparer.Ordinal), DateTimeOffset.UnixEpoch);

    private static (RequirementNode, string[]) Build(Random random)
    {
        var next = 0;
        var root = Set(random, depth: 1, ref next) with { Name = null, Required = true };
        return (root, [.. Enumerable.Range(0, next).Select(i => $"c{i}")]);
    }

    private static RequirementNode Set(Random random, int depth, ref int next)
    {
        var count = random.Next(1, 6);
        var children = new List<RequirementNode>(count);
        for (var i = 0; i < count; i++)
        {
            var points = random.Next(3) == 0 ? random.Next(1, 5) : (int?)null;
            // Sets nest four levels below the root at most, so courses sit at most five levels deep.
            children.Add(depth < 4 && random.Next(4) == 0
                ? Set(random, depth + 1, ref next) with { Required = random.Next(3) > 0, Points = points }
                : RequirementNode.Course($"c{next++}", required: random.Next(3) > 0, points: points));
        }

        var mode = (SetMode)random.Next(3);
        var required = children.Count(c => c.Required);
        int? min = null;
        if (mode == SetMode.AtLeast)
        {
            min = random.Next(Math.Max(1, required), count + 1);
        }

        var reachable = children.Sum(c => c.Points ?? 0);
        int? minPoints = reachable > 0 && random.Next(4) == 0 ? random.Next(1, reachable + 1) : null;
        return RequirementNode.Set($"set-{next}-{depth}", mode, children, min, minPoints: minPoints);
    }
}
