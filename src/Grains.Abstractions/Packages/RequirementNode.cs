using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>
/// A node of a package's requirement tree: a course (<see cref="CourseId"/> set) or a set of nodes
/// (<see cref="Items"/>, with <see cref="Name"/>, <see cref="Mode"/> and optional <see cref="Min"/> and
/// <see cref="MinPoints"/>). One record for both keeps the stored and wire shapes plain.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.requirement-node")]
public sealed record RequirementNode(
    [property: Id(0)] string? CourseId,
    [property: Id(1)] bool Required = true,
    [property: Id(2)] int? Points = null,
    [property: Id(3)] string? Name = null,
    [property: Id(4)] SetMode Mode = SetMode.All,
    [property: Id(5)] int? Min = null,
    [property: Id(6)] int? MinPoints = null,
    ImmutableArray<RequirementNode> Items = default)
{
    /// <summary>The children of a set; always an array (empty for a course), so it serializes everywhere.</summary>
    [Id(7)]
    public ImmutableArray<RequirementNode> Items { get; init; } = Items.IsDefault ? [] : Items;

    [JsonIgnore]
    public bool IsCourse => CourseId is not null;

    /// <summary>The children (empty for a course).</summary>
    [JsonIgnore]
    public ImmutableArray<RequirementNode> Children => Items.IsDefault ? [] : Items;

    public static RequirementNode Course(string courseId, bool required = true, int? points = null) => new(courseId, required, points);

    public static RequirementNode Set(string? name, SetMode mode, IEnumerable<RequirementNode> items, int? min = null, bool required = true, int? minPoints = null) =>
        new(null, required, null, name, mode, min, minPoints, [.. items]);

    /// <summary>The course ids of the tree in pre-order (a course named twice is listed twice).</summary>
    public IEnumerable<string> CourseIds() => PreOrder().Select(n => n.CourseId).OfType<string>();

    /// <summary>Every node in pre-order (this one first), the order evaluations list them in.</summary>
    public IEnumerable<RequirementNode> PreOrder()
    {
        yield return this;
        foreach (var child in Children)
        {
            foreach (var node in child.PreOrder())
            {
                yield return node;
            }
        }
    }
}
