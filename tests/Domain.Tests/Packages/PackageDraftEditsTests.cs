using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Domain.Tests.Packages;

public sealed class PackageDraftEditsTests
{
    /// <summary>Root: intro, then a series "Emergency" of fire and aid.</summary>
    private static readonly RequirementNode Tree = Set(null, SetMode.All,
        [Course("intro"), Set("Emergency", SetMode.AllInOrder, [Course("fire"), Course("aid")])]);

    [Fact]
    public void APathIsParsedFormattedAndNamedForValidation()
    {
        Assert.Equal([1, 0], PackageDraftEdits.ParsePath("1.0"));
        Assert.Empty(PackageDraftEdits.ParsePath(""));
        Assert.Empty(PackageDraftEdits.ParsePath(null));
        Assert.Equal("1.0", PackageDraftEdits.FormatPath([1, 0]));
        Assert.Equal("requirement.items[1].items[0]", PackageDraftEdits.ValidationPath([1, 0]));
        Assert.Equal("requirement", PackageDraftEdits.ValidationPath([]));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("1.-1")]
    [InlineData("1..0")]
    public void AMalformedPathIsNotFound(string path) =>
        Assert.Equal(ErrorCodes.NotFound, Assert.Throws<DomainException>(() => PackageDraftEdits.ParsePath(path)).Code);

    [Fact]
    public void ANodeIsFoundByItsPathAndAPathOutsideTheTreeIsNotFound()
    {
        Assert.Equal("aid", PackageDraftEdits.Node(Tree, [1, 1]).CourseId);
        Assert.Same(Tree, PackageDraftEdits.Node(Tree, []));
        Assert.Equal(ErrorCodes.NotFound, Assert.Throws<DomainException>(() => PackageDraftEdits.Node(Tree, [1, 2])).Code);
        Assert.Equal(ErrorCodes.NotFound, Assert.Throws<DomainException>(() => PackageDraftEdits.Node(Tree, [0, 0])).Code);
    }

    [Fact]
    public void ACourseIsAddedToASetOnlyTrimmed()
    {
        var added = PackageDraftEdits.AddCourse(Tree, [1], " evac ", required: false, points: 2);

        Assert.Equal("intro, [fire, aid, evac optional 2]", Shape(added));
        Assert.Equal(ErrorCodes.NotFound, Assert.Throws<DomainException>(() => PackageDraftEdits.AddCourse(Tree, [0], "evac", true, null)).Code);
    }

    [Fact]
    public void ANewChoiceStartsWithOptionalCoursesAndOtherSetsWithRequiredOnes()
    {
        var choice = PackageDraftEdits.AddSet(Tree, [], " Language ", SetMode.AtLeast, 1, ["en", "de"], required: true).Children[2];
        var series = PackageDraftEdits.AddSet(Tree, [], "Steps", SetMode.AllInOrder, 1, ["a", "b"], required: false).Children[2];

        Assert.Equal(("Language", SetMode.AtLeast, 1, true), (choice.Name, choice.Mode, choice.Min, choice.Required));
        Assert.All(choice.Children, c => Assert.False(c.Required));
        Assert.Equal((null, false), (series.Min, series.Required));
        Assert.All(series.Children, c => Assert.True(c.Required));
    }

    [Fact]
    public void UpdatingTheRootKeepsItNamelessAndRequiredWhileAGroupTakesWhatItIsGiven()
    {
        var root = PackageDraftEdits.UpdateSet(Tree, [], "ignored", SetMode.AtLeast, 1, 3, required: false);
        var group = PackageDraftEdits.UpdateSet(Tree, [1], " Drills ", SetMode.All, 2, null, required: false).Children[1];

        Assert.Equal((null, true, SetMode.AtLeast, 1, 3), (root.Name, root.Required, root.Mode, root.Min, root.MinPoints));
        Assert.Equal(("Drills", false, SetMode.All, (int?)null), (group.Name, group.Required, group.Mode, group.Min));
        Assert.Equal(ErrorCodes.NotFound, Assert.Throws<DomainException>(() => PackageDraftEdits.UpdateSet(Tree, [0], "x", SetMode.All, null, null, true)).Code);
    }

    [Fact]
    public void UpdatingACourseSetsItsRequiredFlagAndPointsOnly()
    {
        var updated = PackageDraftEdits.UpdateCourse(Tree, [1, 0], required: false, points: 4);

        Assert.Equal("intro, [fire optional 4, aid]", Shape(updated));
        Assert.Equal(ErrorCodes.NotFound, Assert.Throws<DomainException>(() => PackageDraftEdits.UpdateCourse(Tree, [1], true, null)).Code);
    }

    [Fact]
    public void ANodeIsRemovedOrMovedAmongItsSiblingsButTheRootStays()
    {
        Assert.Equal(["fire"], PackageDraftEdits.Remove(Tree, [1, 1]).Children[1].Children.Select(c => c.CourseId));
        Assert.Equal(["aid", "fire"], PackageDraftEdits.Move(Tree, [1, 1], -1).Children[1].Children.Select(c => c.CourseId));
        Assert.Equal(Shape(Tree), Shape(PackageDraftEdits.Move(Tree, [1, 1], 1)));
        Assert.Equal(Shape(Tree), Shape(PackageDraftEdits.Move(Tree, [0], -1)));
        Assert.Same(Tree, PackageDraftEdits.Move(Tree, [], 1));
        Assert.Equal("invalid_node", Assert.Single(Assert.Throws<DomainException>(() => PackageDraftEdits.Remove(Tree, [])).Errors).Code);
        Assert.Equal(ErrorCodes.NotFound, Assert.Throws<DomainException>(() => PackageDraftEdits.Remove(Tree, [2])).Code);
        Assert.Equal(ErrorCodes.NotFound, Assert.Throws<DomainException>(() => PackageDraftEdits.Move(Tree, [1, 5], 1)).Code);
    }

    [Fact]
    public void TheCoursesAreEveryCourseIdInTheTree() =>
        Assert.Equal(["aid", "fire", "intro"], PackageDraftEdits.Courses(Tree).Order(StringComparer.Ordinal));

    /// <summary>The tree in short: courses with "optional" and points when they have them, named sets in brackets.</summary>
    private static string Shape(RequirementNode node) =>
        node.CourseId is { } course ? string.Join(' ', new[] { course, node.Required ? null : "optional", node.Points?.ToString(System.Globalization.CultureInfo.InvariantCulture) }.OfType<string>())
        : node.Name is null ? string.Join(", ", node.Children.Select(Shape))
        : $"[{string.Join(", ", node.Children.Select(Shape))}]";
}
