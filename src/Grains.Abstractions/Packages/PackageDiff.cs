using System.Collections.Immutable;
using System.Globalization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>A course or group of a requirement tree: <see cref="Key"/> locates it (group names from the
/// root, then the course id), <see cref="Label"/> is the course id or group name to show.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.requirement-item")]
public sealed record RequirementItem(
    [property: Id(0)] string Key,
    [property: Id(1)] bool IsCourse,
    [property: Id(2)] string Label);

/// <summary>One changed field of an item present in both versions, e.g. GDPR "required: optional → required".</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.requirement-change")]
public sealed record RequirementChange(
    [property: Id(0)] RequirementItem Item,
    [property: Id(1)] string Field,
    [property: Id(2)] string? From,
    [property: Id(3)] string? To);

/// <summary>What changed from one package version to another, as data the web renders.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.package-diff")]
public sealed record PackageDiff(
    [property: Id(0)] int From,
    [property: Id(1)] int To,
    [property: Id(2)] ImmutableArray<FieldChange> Metadata,
    [property: Id(3)] ImmutableArray<RequirementItem> Added,
    [property: Id(4)] ImmutableArray<RequirementItem> Removed,
    [property: Id(5)] ImmutableArray<RequirementChange> Modified)
{
    public static PackageDiff Between(ContentVersion<PackageContent> from, ContentVersion<PackageContent> to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var (a, b) = (from.Content, to.Content);
        var metadata = new List<FieldChange>();
        Compare(metadata, "name", a.Name, b.Name);
        Compare(metadata, "description", a.Description, b.Description);
        Compare(metadata, "category", a.Category, b.Category);
        Compare(metadata, "availableFrom", Text(a.AvailableFrom), Text(b.AvailableFrom));
        Compare(metadata, "availableUntil", Text(a.AvailableUntil), Text(b.AvailableUntil));
        Compare(metadata, "validityDays", Text(a.ValidityDays), Text(b.ValidityDays));
        Compare(metadata, "completionsMustFollowEnrollment", Text(a.CompletionsMustFollowEnrollment), Text(b.CompletionsMustFollowEnrollment));
        Compare(metadata, "changeNotes", from.ChangeNotes, to.ChangeNotes);
        Compare(metadata, "rule", Rule(a.Requirement), Rule(b.Requirement));

        var before = Flatten(a.Requirement);
        var after = Flatten(b.Requirement);
        var added = after.Keys.Where(k => !before.ContainsKey(k)).Select(k => after[k].Item).ToImmutableArray();
        var removed = before.Keys.Where(k => !after.ContainsKey(k)).Select(k => before[k].Item).ToImmutableArray();
        var modified = ImmutableArray.CreateBuilder<RequirementChange>();
        foreach (var (key, now) in after)
        {
            if (before.TryGetValue(key, out var then))
            {
                foreach (var (field, value) in now.Fields)
                {
                    var old = then.Fields.First(f => f.Field == field).Value;
                    if (!string.Equals(old, value, StringComparison.Ordinal))
                    {
                        modified.Add(new RequirementChange(now.Item, field, old, value));
                    }
                }
            }
        }

        return new PackageDiff(from.Number, to.Number, [.. metadata], added, removed, modified.ToImmutable());
    }

    /// <summary>A set's rule in words: "all", "all in order", "at least 2", with a points floor when set.</summary>
    public static string Rule(RequirementNode set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var rule = set.Mode switch
        {
            SetMode.AllInOrder => "all in order",
            SetMode.AtLeast => $"at least {set.Min}",
            _ => "all",
        };
        return set.MinPoints is { } points ? $"{rule}, {points} points" : rule;
    }

    // Items in tree order, keyed by where they sit; the first key wins if an author repeats a group name.
    private static Dictionary<string, (RequirementItem Item, List<(string Field, string? Value)> Fields)> Flatten(RequirementNode root)
    {
        var items = new Dictionary<string, (RequirementItem, List<(string, string?)>)>(StringComparer.Ordinal);
        void Walk(RequirementNode set, string prefix)
        {
            var children = set.Children;
            for (var i = 0; i < children.Length; i++)
            {
                var child = children[i];
                var label = child.CourseId ?? child.Name ?? $"group {i + 1}";
                var key = $"{prefix}/{(child.IsCourse ? "course" : "group")}:{label}";
                List<(string, string?)> fields =
                [
                    ("required", child.Required ? "required" : "optional"),
                    ("order", Text(i + 1)),
                    ("points", Text(child.Points)),
                ];
                if (!child.IsCourse)
                {
                    fields.Add(("rule", Rule(child)));
                }

                items.TryAdd(key, (new RequirementItem(key, child.IsCourse, label), fields));
                if (!child.IsCourse)
                {
                    Walk(child, key);
                }
            }
        }

        Walk(root, "");
        return items;
    }

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Text(bool value) => value ? "true" : "false";

    private static string? Text(DateTimeOffset? value) => value?.ToString("O", CultureInfo.InvariantCulture);

    private static void Compare(List<FieldChange> changes, string field, string? from, string? to)
    {
        if (!string.Equals(from, to, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange(field, from, to));
        }
    }
}
