using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>The rules of a requirement tree as pure functions; each error names the node's path,
/// e.g. <c>requirement.items[2].min</c>.</summary>
public static class RequirementValidation
{
    public const int MaxDepth = 5;
    public const int MaxNodes = 500;
    public const int MaxNameLength = 200;

    /// <summary>Every broken rule of a package's requirement tree (its root must be a non-empty set).</summary>
    public static IReadOnlyList<FieldError> Validate(RequirementNode? root, string path = "requirement")
    {
        var errors = new List<FieldError>();
        if (root is null || root.IsCourse)
        {
            errors.Add(new(ErrorCodes.RootNotSet, path, "The requirement must be a set of courses and groups."));
            return errors;
        }

        if (root.Children.IsEmpty)
        {
            errors.Add(new(ErrorCodes.EmptyRoot, $"{path}.items", "The requirement needs at least one course or group."));
            return errors;
        }

        var count = root.PreOrder().Take(MaxNodes + 1).Count();
        if (count > MaxNodes)
        {
            errors.Add(new(ErrorCodes.TooManyNodes, path, $"A requirement tree has at most {MaxNodes} nodes."));
            return errors;
        }

        Node(errors, root, path, depth: 1, isRoot: true);
        return errors;
    }

    private static void Node(List<FieldError> errors, RequirementNode node, string path, int depth, bool isRoot)
    {
        if (depth > MaxDepth)
        {
            errors.Add(new(ErrorCodes.TooDeep, path, $"Groups nest at most {MaxDepth} levels deep."));
            return;
        }

        if (node.Points is <= 0)
        {
            errors.Add(new(ErrorCodes.InvalidPoints, $"{path}.points", "Points are a positive number."));
        }

        if (node.CourseId is { } courseId)
        {
            if (!Ids.IsValid(courseId))
            {
                errors.Add(new(ErrorCodes.InvalidId, $"{path}.course", $"'{courseId}' is not a course id."));
            }

            if (!node.Children.IsEmpty || node.Name is not null || node.Min is not null || node.MinPoints is not null)
            {
                errors.Add(new(ErrorCodes.InvalidNode, path, "A node is either a course or a set, not both."));
            }

            return;
        }

        Set(errors, node, path, depth, isRoot);
    }

    private static void Set(List<FieldError> errors, RequirementNode set, string path, int depth, bool isRoot)
    {
        GroupName(errors, set, path, isRoot);
        if (set.Children.IsEmpty)
        {
            errors.Add(new(ErrorCodes.EmptySet, $"{path}.items", "A group needs at least one course or group."));
            return;
        }

        Min(errors, set, path);
        MinPoints(errors, set, path);
        Items(errors, set, path, depth);
    }

    // The root is named by its package, so only the groups inside it need a name of their own.
    private static void GroupName(List<FieldError> errors, RequirementNode set, string path, bool isRoot)
    {
        if (!isRoot && string.IsNullOrWhiteSpace(set.Name))
        {
            errors.Add(new(ErrorCodes.Required, $"{path}.name", "A group needs a name."));
        }

        if (set.Name is { Length: > MaxNameLength })
        {
            errors.Add(new(ErrorCodes.TooLong, $"{path}.name", $"At most {MaxNameLength} characters."));
        }
    }

    // With more required items than n, 'at least n' would in truth ask for more than n, so the author is told.
    private static void Min(List<FieldError> errors, RequirementNode set, string path)
    {
        var children = set.Children;
        if (set.Mode != SetMode.AtLeast)
        {
            if (set.Min is not null)
            {
                errors.Add(new(ErrorCodes.InvalidMin, $"{path}.min", "Only an 'at least' group takes a number."));
            }

            return;
        }

        var required = children.Count(c => c.Required);
        if (set.Min is not { } min || min < 1 || min > children.Length)
        {
            errors.Add(new(ErrorCodes.InvalidMin, $"{path}.min", $"'At least' needs a number from 1 to {children.Length} (the number of items)."));
        }
        else if (required > min)
        {
            errors.Add(new(ErrorCodes.TooManyRequired, $"{path}.items", $"{required} items are required but only {min} need completing; mark at most {min} required."));
        }
    }

    private static void MinPoints(List<FieldError> errors, RequirementNode set, string path)
    {
        if (set.MinPoints is not { } minPoints)
        {
            return;
        }

        var reachable = set.Children.Sum(c => Math.Max(0, c.Points ?? 0));
        if (minPoints <= 0)
        {
            errors.Add(new(ErrorCodes.InvalidPoints, $"{path}.minPoints", "Minimum points are a positive number."));
        }
        else if (minPoints > reachable)
        {
            errors.Add(new(ErrorCodes.UnreachablePoints, $"{path}.minPoints", $"{minPoints} points are needed but the items are worth {reachable} together."));
        }
    }

    // A course twice in one group would count once for the learner but twice toward the group's rule.
    private static void Items(List<FieldError> errors, RequirementNode set, string path, int depth)
    {
        var children = set.Children;
        var courses = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < children.Length; i++)
        {
            var childPath = $"{path}.items[{i}]";
            if (children[i].CourseId is { } courseId && !courses.Add(courseId))
            {
                errors.Add(new(ErrorCodes.DuplicateCourse, $"{childPath}.course", $"'{courseId}' is in this group twice."));
            }

            Node(errors, children[i], childPath, depth + 1, isRoot: false);
        }
    }
}
