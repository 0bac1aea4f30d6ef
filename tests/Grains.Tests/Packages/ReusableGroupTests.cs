using CoursePortal.Domain.Tests.Packages;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Grains.Tests.Packages;

[Collection(ClusterCollection.Name)]
public sealed class ReusableGroupTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AnInsertedGroupIsACopyThatLibraryChangesNeverReach()
    {
        var groupId = $"lang-{Guid.NewGuid():N}"[..13];
        var library = fixture.Client.GetGrain<IRequirementGroupLibraryGrain>(GrainKeys.GroupLibrary);
        await library.SaveAsync(groupId, Set("Language", SetMode.AtLeast, [Course("english-basics", false), Course("german-basics", false)], min: 1), "ada");
        var package = fixture.Client.GetGrain<IPackageGrain>(GrainKeys.Package($"grp-{Guid.NewGuid():N}"[..12]));
        await package.CreateAsync(PackageSamples.Content(Set(null, SetMode.All, [Course("code-of-conduct")])), "ada");

        var inserted = await package.InsertGroupAsync(groupId, "ada");
        await library.SaveAsync(groupId, Set("Language", SetMode.AtLeast, [Course("english-basics", false), Course("french-basics", false)], min: 2), "ada");

        var copy = (await package.GetDraftAsync())!.Content.Requirement.Children[1];
        Assert.Equal(2, inserted.Content.Requirement.Children.Length);
        Assert.Equal(("Language", 1), (copy.Name, copy.Min));
        Assert.Equal(["english-basics", "german-basics"], copy.Children.Select(c => c.CourseId));
        Assert.Contains(await library.ListAsync(), g => g.Id == groupId && g.Set.Min == 2);
    }

    [Fact]
    public async Task AnInvalidGroupIsRefusedAndAnUnknownOneIsNotFound()
    {
        var library = fixture.Client.GetGrain<IRequirementGroupLibraryGrain>(GrainKeys.GroupLibrary);

        var invalid = await Assert.ThrowsAsync<DomainException>(() =>
            library.SaveAsync("bad-group", Set("Choice", SetMode.AtLeast, [Course("a")], min: 2), "ada"));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => library.GetAsync("no-such-group"));

        Assert.Equal(ErrorCodes.InvalidMin, invalid.Code);
        Assert.Equal(DomainErrorKind.NotFound, unknown.Kind);
    }
}
