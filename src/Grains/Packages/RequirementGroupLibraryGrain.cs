using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Grains.Packages;

[GenerateSerializer]
[Alias("courseportal.group-library-state")]
public sealed class GroupLibraryState
{
    [Id(0)]
    public Dictionary<string, RequirementGroup> Groups { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>The library of reusable groups. Packages copy a group when it is inserted, so nothing here
/// ever changes a package version.</summary>
public sealed class RequirementGroupLibraryGrain(
    [PersistentState(StorageNames.GroupLibraryState, StorageNames.Grains)] IPersistentState<GroupLibraryState> state,
    TimeProvider clock) : Grain, IRequirementGroupLibraryGrain
{
    public async Task<RequirementGroup> SaveAsync(string groupId, RequirementNode set, string actor)
    {
        ArgumentNullException.ThrowIfNull(set);
        var errors = new List<FieldError>();
        if (!Ids.IsValid(groupId))
        {
            errors.Add(new FieldError(ErrorCodes.InvalidId, "id", $"The group id '{groupId}' must be 1–{Ids.MaxLength} lower-case letters, digits, '-' or '_'."));
        }

        if (set.IsCourse)
        {
            errors.Add(new FieldError(ErrorCodes.InvalidNode, "group", "A reusable group is a set of courses, not a single course."));
        }
        else
        {
            // A group is checked as it will sit in a package: one item of a root set.
            errors.AddRange(RequirementValidation.Validate(RequirementNode.Set(null, SetMode.All, [set]), "group"));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }

        var group = new RequirementGroup(groupId, set, actor, clock.GetUtcNow());
        state.State.Groups[groupId] = group;
        await state.WriteStateAsync();
        return group;
    }

    public async Task DeleteAsync(string groupId)
    {
        if (!state.State.Groups.Remove(groupId))
        {
            throw DomainException.NotFound("Group", groupId);
        }

        await state.WriteStateAsync();
    }

    public Task<RequirementGroup> GetAsync(string groupId) =>
        Task.FromResult(state.State.Groups.GetValueOrDefault(groupId) ?? throw DomainException.NotFound("Group", groupId));

    public Task<ImmutableArray<RequirementGroup>> ListAsync() =>
        Task.FromResult<ImmutableArray<RequirementGroup>>([.. state.State.Groups.Values.OrderBy(g => g.Set.Name, StringComparer.OrdinalIgnoreCase)]);
}
