using System.Text.Json.Serialization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Api;

/// <summary>A requirement node in /v1: <c>{"course": id, "required"}</c> or
/// <c>{"set": "all"|"allInOrder"|"atLeast", "min", "name", "required", "items"}</c>; evaluated trees add
/// <c>state</c> and, for sets, <c>satisfied</c>.</summary>
public sealed record RequirementJson(
    string? Course = null,
    string? Set = null,
    int? Min = null,
    int? MinPoints = null,
    int? Points = null,
    string? Name = null,
    bool? Required = null,
    IReadOnlyList<RequirementJson>? Items = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? State = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Satisfied = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? CompletedOutOfOrder = null);

public sealed record PackageJson(
    string? Id,
    string Name,
    string? Description,
    string? Category,
    RequirementJson? Requirement,
    DateTimeOffset? AvailableFrom = null,
    DateTimeOffset? AvailableUntil = null,
    int? ValidityDays = null,
    bool CompletionsMustFollowEnrollment = false,
    int? Version = null,
    string? Status = null,
    string? Revision = null);

public sealed record NewVersionJson(int? FromVersion);

public sealed record EnrollJson(IReadOnlyList<string>? UserIds, DateTimeOffset? DueDate);

/// <summary>Maps package JSON to the domain and back; an unknown set mode is a field error naming its path.</summary>
public static class PackageMapping
{
    public static PackageContent ToContent(this PackageJson json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new PackageContent(json.Name ?? "", json.Description, json.Category, ToNode(json.Requirement, "requirement"),
            json.AvailableFrom, json.AvailableUntil, json.ValidityDays, json.CompletionsMustFollowEnrollment);
    }

    public static PackageJson ToJson(this ContentVersion<PackageContent> version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var c = version.Content;
        return new PackageJson(version.OwnerId, c.Name, c.Description, c.Category, ToJson(c.Requirement, null), c.AvailableFrom, c.AvailableUntil,
            c.ValidityDays, c.CompletionsMustFollowEnrollment, version.Number, version.Status.ToString().ToLowerInvariant(), Revisions.Of(version));
    }

    /// <summary>The tree, with each node's evaluated state when there is an evaluation.</summary>
    public static RequirementJson ToJson(RequirementNode root, Evaluation? evaluation)
    {
        ArgumentNullException.ThrowIfNull(root);
        return evaluation is null ? Plain(root) : Evaluated(EvaluatedRequirement.Zip(root, evaluation));

        static RequirementJson Plain(RequirementNode node) => ToJson(node, null, [.. node.Children.Select(Plain)]);

        static RequirementJson Evaluated(EvaluatedRequirement node) => ToJson(node.Node, node.Evaluated, [.. node.Children.Select(Evaluated)]);
    }

    private static RequirementJson ToJson(RequirementNode node, EvaluatedNode? evaluated, IReadOnlyList<RequirementJson> items)
    {
        var state = evaluated is { } e ? JsonNamingPolicy(e.State.ToString()) : null;
        if (node.CourseId is { } course)
        {
            // Said only when true: a course done before the series member it follows, which does not count here.
            return new RequirementJson(Course: course, Required: node.Required, Points: node.Points, State: state,
                CompletedOutOfOrder: evaluated is { CompletedOutOfOrder: true } ? true : null);
        }

        return new RequirementJson(Set: JsonNamingPolicy(node.Mode.ToString()), Min: node.Min, MinPoints: node.MinPoints, Points: node.Points, Name: node.Name,
            Required: node.Required, Items: items, State: state, Satisfied: evaluated?.Satisfied);
    }

    /// <summary>The domain node of <paramref name="json"/>; field errors name their place under <paramref name="path"/>.</summary>
    public static RequirementNode ToNode(RequirementJson? json, string path)
    {
        if (json is null)
        {
            throw new DomainException([new FieldError(ErrorCodes.Required, path, "A requirement is needed.")]);
        }

        if (json.Course is not null)
        {
            return new RequirementNode(json.Course, json.Required ?? true, json.Points);
        }

        if (!Enum.TryParse<SetMode>(json.Set, ignoreCase: true, out var mode) || int.TryParse(json.Set, out _))
        {
            throw new DomainException([new FieldError(ErrorCodes.InvalidNode, path, $"A node names a course, or a set of mode all, allInOrder or atLeast; got '{json.Set}'.")]);
        }

        return new RequirementNode(null, json.Required ?? true, json.Points, json.Name, mode, json.Min, json.MinPoints,
            [.. (json.Items ?? []).Select((item, i) => ToNode(item, $"{path}.items[{i}]"))]);
    }

    private static string JsonNamingPolicy(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}

/// <summary>A published package in <c>GET /v1/packages</c>.</summary>
public sealed record PackageListItem(string Id, string Name, string Description, string? Category, int ActiveVersion);

/// <summary>A history row of <c>GET /v1/packages/{id}/versions</c> with how many learners enrolled in and completed the version.</summary>
public sealed record PackageVersionJson(int Version, string Status, bool IsActive, int EnrolledCount, int CompletedCount,
    DateTimeOffset? PublishedAt, string? PublishedBy, string? ChangeNotes, DateTimeOffset? EffectiveDate,
    bool IsScheduled = false, DateTimeOffset? ArchivedAt = null, string? ArchivedBy = null, string? ArchiveReason = null);
