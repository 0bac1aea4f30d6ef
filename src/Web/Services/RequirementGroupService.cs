using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Web.Services;

/// <summary>The package editor's way to the library of requirement groups authors reuse across packages.</summary>
public sealed class RequirementGroupService(IGrainFactory grains)
{
    private IRequirementGroupLibraryGrain Library => grains.Reference<IRequirementGroupLibraryGrain>(GrainKeys.GroupLibrary);

    public Task<ImmutableArray<RequirementGroup>> ListAsync() => Library.ListAsync();

    /// <summary>Stores a set of a package's tree in the library under <paramref name="groupId"/>, replacing one of that id.</summary>
    public Task<RequirementGroup> SaveAsync(string groupId, RequirementNode set, string actor) => Library.SaveAsync(groupId, set, actor);
}
