using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>A requirement node beside its evaluated state, with its children likewise: the tree and its
/// <see cref="Evaluation"/> zipped, so callers never keep a pre-order counter in step with
/// <see cref="Evaluation.Nodes"/> themselves. <see cref="Index"/> is the node's pre-order position and
/// <see cref="Depth"/> its distance from the root.</summary>
public sealed record EvaluatedRequirement(
    RequirementNode Node,
    EvaluatedNode Evaluated,
    int Index,
    int Depth,
    ImmutableArray<EvaluatedRequirement> Children)
{
    /// <summary>The tree with each node's evaluated state; the evaluation must be of this tree (one evaluated
    /// node per node, in pre-order).</summary>
    public static EvaluatedRequirement Zip(RequirementNode root, Evaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(evaluation);
        var index = 0;
        var zipped = Zip(root, evaluation.Nodes, 0, ref index);
        return index == evaluation.Nodes.Length ? zipped
            : throw new ArgumentException($"The evaluation lists {evaluation.Nodes.Length} nodes but the tree has {index}.", nameof(evaluation));
    }

    /// <summary>This node and every node below it, in pre-order (the order evaluations list them in).</summary>
    public IEnumerable<EvaluatedRequirement> PreOrder()
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

    private static EvaluatedRequirement Zip(RequirementNode node, ImmutableArray<EvaluatedNode> nodes, int depth, ref int index)
    {
        if (index >= nodes.Length)
        {
            throw new ArgumentException($"The evaluation lists {nodes.Length} nodes, fewer than the tree has.", nameof(nodes));
        }

        var (evaluated, at) = (nodes[index], index);
        index++;
        var children = ImmutableArray.CreateBuilder<EvaluatedRequirement>(node.Children.Length);
        foreach (var child in node.Children)
        {
            children.Add(Zip(child, nodes, depth + 1, ref index));
        }

        return new EvaluatedRequirement(node, evaluated, at, depth, children.MoveToImmutable());
    }
}
