using System.Globalization;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>A set's rule in plain words for learners, e.g. "Complete 6 of these 10; Password Security and
/// Phishing Awareness are required."</summary>
public static class RequirementWording
{
    public static string Describe(RequirementNode set, Func<string, string> courseTitle)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(courseTitle);
        var items = set.Children;
        var count = items.Length.ToString(CultureInfo.InvariantCulture);
        var requiredCount = items.Count(i => i.Required);
        var all = requiredCount == items.Length
            ? items.Length == 1 ? "Complete this" : $"Complete all {count}"
            : $"Complete the {requiredCount.ToString(CultureInfo.InvariantCulture)} required of these {count}";
        var rule = set.Mode switch
        {
            SetMode.AllInOrder => all + " in order",
            SetMode.AtLeast when set.Min == 1 && items.Length > 1 => $"Complete one of these {count}",
            SetMode.AtLeast => $"Complete {set.Min} of these {count}",
            _ => all,
        };
        if (set.MinPoints is { } points)
        {
            rule += $", worth at least {points} points together";
        }

        var required = items.Where(i => i.Required && set.Mode == SetMode.AtLeast).Select(i => i.CourseId is { } id ? courseTitle(id) : i.Name ?? "a group").ToList();
        return required.Count switch
        {
            0 => rule + ".",
            1 => $"{rule}; {required[0]} is required.",
            _ => $"{rule}; {string.Join(", ", required[..^1])} and {required[^1]} are required.",
        };
    }
}
