using System.Collections.Immutable;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>The library of reusable course groups authors insert into package drafts. Key: <c>GrainKeys.GroupLibrary</c>.</summary>
[Alias("courseportal.group-library")]
public interface IRequirementGroupLibraryGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces a group; packages that copied it earlier keep their copy.</summary>
    [Alias("save")]
    Task<RequirementGroup> SaveAsync(string groupId, RequirementNode set, string actor);

    /// <summary>Removes a group; 404 when it does not exist.</summary>
    [Alias("delete")]
    Task DeleteAsync(string groupId);

    /// <summary>One group; 404 when it does not exist.</summary>
    [Alias("get")]
    [ReadOnly]
    Task<RequirementGroup> GetAsync(string groupId);

    /// <summary>Every group, by name.</summary>
    [Alias("list")]
    [ReadOnly]
    Task<ImmutableArray<RequirementGroup>> ListAsync();
}
