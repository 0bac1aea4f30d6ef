using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;
using static CoursePortal.Grains.Abstractions.Packages.RequirementValidation;

namespace CoursePortal.Domain.Tests.Packages;

public sealed class RequirementValidationTests
{
    [Fact]
    public void TheDesignScenariosAreValid()
    {
        foreach (var tree in new[] { PackageSamples.Standalone, PackageSamples.LanguageFamily, PackageSamples.EmergencySeries, PackageSamples.SixOfTen, PackageSamples.ThreeOfFiveGroups, PackageSamples.CyberV2 })
        {
            Assert.Empty(Validate(tree));
        }
    }

    public static TheoryData<RequirementNode?, string, string> BrokenTrees => new()
    {
        { null, ErrorCodes.RootNotSet, "requirement" },
        { Course("a"), ErrorCodes.RootNotSet, "requirement" },
        { Set(null, SetMode.All, []), ErrorCodes.EmptyRoot, "requirement.items" },
        { Set(null, SetMode.All, [Set("Empty", SetMode.All, [])]), ErrorCodes.EmptySet, "requirement.items[0].items" },
        { Set(null, SetMode.All, [Set("", SetMode.All, [Course("a")])]), ErrorCodes.Required, "requirement.items[0].name" },
        { Set(null, SetMode.All, [Set("Choice", SetMode.AtLeast, [Course("a"), Course("b")])]), ErrorCodes.InvalidMin, "requirement.items[0].min" },
        { Set(null, SetMode.All, [Set("Choice", SetMode.AtLeast, [Course("a"), Course("b")], min: 0)]), ErrorCodes.InvalidMin, "requirement.items[0].min" },
        { Set(null, SetMode.All, [Set("Choice", SetMode.AtLeast, [Course("a"), Course("b")], min: 3)]), ErrorCodes.InvalidMin, "requirement.items[0].min" },
        { Set(null, SetMode.All, [Set("All", SetMode.All, [Course("a")], min: 1)]), ErrorCodes.InvalidMin, "requirement.items[0].min" },
        { Set(null, SetMode.All, [Set("Choice", SetMode.AtLeast, [Course("a"), Course("b"), Course("c", false)], min: 1)]), ErrorCodes.TooManyRequired, "requirement.items[0].items" },
        { Set(null, SetMode.All, [Course("a", points: 0)]), ErrorCodes.InvalidPoints, "requirement.items[0].points" },
        { Set(null, SetMode.All, [Set("P", SetMode.All, [Course("a", points: 2)], minPoints: 0)]), ErrorCodes.InvalidPoints, "requirement.items[0].minPoints" },
        { Set(null, SetMode.All, [Set("P", SetMode.All, [Course("a", points: 2), Course("b", points: 3)], minPoints: 6)]), ErrorCodes.UnreachablePoints, "requirement.items[0].minPoints" },
        { Set(null, SetMode.All, [Course("a"), Course("a")]), ErrorCodes.DuplicateCourse, "requirement.items[1].course" },
        { Set(null, SetMode.All, [Course("Not Valid")]), ErrorCodes.InvalidId, "requirement.items[0].course" },
        { Set(null, SetMode.All, [new RequirementNode("a", Name: "both")]), ErrorCodes.InvalidNode, "requirement.items[0]" },
        { Nested(5), ErrorCodes.TooDeep, "requirement.items[0].items[0].items[0].items[0].items[0]" },
        { Set(null, SetMode.All, Enumerable.Range(0, MaxNodes).Select(i => Course($"c{i}"))), ErrorCodes.TooManyNodes, "requirement" },
    };

    [Theory]
    [MemberData(nameof(BrokenTrees))]
    public void EachBrokenRuleNamesItsNode(RequirementNode? tree, string code, string path) =>
        Assert.Contains(Validate(tree), e => e.Code == code && e.Field == path);

    [Fact]
    public void AGroupBreakingSeveralRulesReportsThemInOrderNameCountPointsItems()
    {
        var group = Set(" ", SetMode.AtLeast, [Course("a"), Course("a"), Course("b")], min: 1, minPoints: 5);

        var errors = Validate(Set(null, SetMode.All, [group]));

        Assert.Equal(
            [
                (ErrorCodes.Required, "requirement.items[0].name"),
                (ErrorCodes.TooManyRequired, "requirement.items[0].items"),
                (ErrorCodes.UnreachablePoints, "requirement.items[0].minPoints"),
                (ErrorCodes.DuplicateCourse, "requirement.items[0].items[1].course"),
            ],
            errors.Select(e => (e.Code, e.Field)));
    }

    [Fact]
    public void FiveLevelsAreAllowedAndTheSameCourseMayAppearInTwoGroups()
    {
        Assert.Empty(Validate(Nested(3)));
        Assert.Empty(Validate(Set(null, SetMode.All, [Set("A", SetMode.All, [Course("x")]), Set("B", SetMode.All, [Course("x")])])));
    }

    // Sets nested `levels` deep under the root, with one course at the bottom.
    private static RequirementNode Nested(int levels)
    {
        var node = Course("deep");
        for (var i = 0; i < levels; i++)
        {
            node = Set($"Level {i}", SetMode.All, [node]);
        }

        return Set(null, SetMode.All, [node]);
    }
}
