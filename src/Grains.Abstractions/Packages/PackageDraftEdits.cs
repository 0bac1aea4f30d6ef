using System.Collections.Immutable;
using System.Globalization;
using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>The package editor's changes to a requirement tree, as pure functions. A node is addressed by its
/// path of child indexes from the root, written "0.2" ("" is the root).</summary>
public static class PackageDraftEdits
{
    public static int[] ParsePath(string? path) =>
        string.IsNullOrEmpty(path) ? []
        : [.. path.Split('.').Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : throw DomainException.NotFound("Requirement", path))];

    public static string FormatPath(IEnumerable<int> path) => string.Join('.', path.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The validation path of a node, e.g. "0.2" → <c>requirement.items[0].items[2]</c>.</summary>
    public static string ValidationPath(IEnumerable<int> path) =>
        "requirement" + string.Concat(path.Select(i => $".items[{i.ToString(CultureInfo.InvariantCulture)}]"));

    public static RequirementNode Node(RequirementNode root, IReadOnlyList<int> path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        var node = root;
        foreach (var i in path)
        {
            node = i >= 0 && i < node.Children.Length ? node.Children[i] : throw DomainException.NotFound("Requirement", FormatPath(path));
        }

        return node;
    }

    public static RequirementNode AddCourse(RequirementNode root, IReadOnlyList<int> setPath, string courseId, bool required, int? points) =>
        Change(root, setPath, set => RequireSet(set, setPath) with { Items = set.Children.Add(RequirementNode.Course(courseId.Trim(), required, points)) });

    public static RequirementNode AddSet(RequirementNode root, IReadOnlyList<int> setPath, string name, SetMode mode, int? min, IEnumerable<string> courseIds, bool required) =>
        Change(root, setPath, set => RequireSet(set, setPath) with
        {
            // In a choice the courses start optional: the author then marks the few that are required.
            Items = set.Children.Add(RequirementNode.Set(name.Trim(), mode, courseIds.Select(c => RequirementNode.Course(c, required: mode != SetMode.AtLeast)), mode == SetMode.AtLeast ? min : null, required)),
        });

    public static RequirementNode UpdateSet(RequirementNode root, IReadOnlyList<int> path, string? name, SetMode mode, int? min, int? minPoints, bool required) =>
        Change(root, path, set => RequireSet(set, path) with
        {
            // The root has no name or required flag of its own: it is the package.
            Name = path.Count == 0 ? set.Name : name?.Trim(),
            Required = path.Count == 0 || required,
            Mode = mode,
            Min = mode == SetMode.AtLeast ? min : null,
            MinPoints = minPoints,
        });

    public static RequirementNode UpdateCourse(RequirementNode root, IReadOnlyList<int> path, bool required, int? points) =>
        Change(root, path, node => node.IsCourse ? node with { Required = required, Points = points } : throw DomainException.NotFound("Course requirement", FormatPath(path)));

    public static RequirementNode Remove(RequirementNode root, IReadOnlyList<int> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count == 0)
        {
            throw new DomainException([new FieldError(ErrorCodes.InvalidNode, "requirement", "The package's own rule cannot be removed.")]);
        }

        Node(root, path);
        return Change(root, path.Take(path.Count - 1).ToList(), parent => parent with { Items = parent.Children.RemoveAt(path[^1]) });
    }

    /// <summary>Moves a node up (-1) or down (+1) among its siblings; past either end nothing changes.</summary>
    public static RequirementNode Move(RequirementNode root, IReadOnlyList<int> path, int delta)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count == 0)
        {
            return root;
        }

        Node(root, path);
        return Change(root, path.Take(path.Count - 1).ToList(), parent =>
        {
            var (from, to) = (path[^1], path[^1] + Math.Sign(delta));
            return to < 0 || to >= parent.Children.Length ? parent
                : parent with { Items = parent.Children.SetItem(from, parent.Children[to]).SetItem(to, parent.Children[from]) };
        });
    }

    /// <summary>Every course id anywhere in the tree.</summary>
    public static ImmutableHashSet<string> Courses(RequirementNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return [.. root.CourseIds()];
    }

    private static RequirementNode RequireSet(RequirementNode node, IReadOnlyList<int> path) =>
        node.IsCourse ? throw DomainException.NotFound("Group", FormatPath(path)) : node;

    private static RequirementNode Change(RequirementNode root, IReadOnlyList<int> path, Func<RequirementNode, RequirementNode> change)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count == 0)
        {
            return change(root);
        }

        var child = Node(root, [path[0]]);
        return root with { Items = root.Children.SetItem(path[0], Change(child, path.Skip(1).ToList(), change)) };
    }
}
