using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Web.Pages;

/// <summary>What the shared requirement-tree partial shows: a tree, a learner's standing against it, course titles,
/// whether courses link to their pages, the learner's completions (for credit marks), and each course's duration in
/// minutes where the page shows them.</summary>
public sealed record EvaluatedTree(
    RequirementNode Root,
    Evaluation Evaluation,
    Func<string, string> Title,
    bool LinkCourses,
    IReadOnlyDictionary<string, CourseCompletion>? Completions = null,
    Func<string, int?>? Minutes = null)
{
    /// <summary>A state or status in words: "In progress", not "InProgress".</summary>
    public static string Words(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var name = value.ToString();
        return string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
    }
}
