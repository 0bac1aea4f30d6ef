using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Domain.Tests.Packages;

public sealed class PackageDiffTests
{
    [Fact]
    public void TheCybersecurityStoryListsExactlyTheAddedCourseAndTheOptionalToRequiredChange()
    {
        var diff = PackageDiff.Between(Version(1, PackageSamples.CyberV1), Version(2, PackageSamples.CyberV2));

        var added = Assert.Single(diff.Added);
        Assert.Equal(("phishing-awareness", true), (added.Label, added.IsCourse));
        Assert.Empty(diff.Removed);
        var changed = Assert.Single(diff.Modified);
        Assert.Equal(("gdpr-overview", "required", "optional", "required"), (changed.Item.Label, changed.Field, changed.From, changed.To));
        Assert.Empty(diff.Metadata);
    }

    [Fact]
    public void RuleOrderAndMetadataChangesAreListed()
    {
        var before = Set(null, SetMode.All, [Set("Language choice", SetMode.AtLeast, [Course("en", false), Course("de", false), Course("fr", false)], min: 1, required: true), Course("intro")]);
        var after = Set(null, SetMode.All, [Course("intro"), Set("Language choice", SetMode.AtLeast, [Course("en", false), Course("de", false), Course("fr", false)], min: 2)]);

        var diff = PackageDiff.Between(Version(1, before), Version(2, after, name: "Renamed") with { ChangeNotes = "Two languages" });

        Assert.Contains(diff.Modified, c => c.Item.Label == "Language choice" && c.Field == "rule" && c.From == "at least 1" && c.To == "at least 2");
        Assert.Contains(diff.Modified, c => c.Item.Label == "intro" && c.Field == "order" && c.From == "2" && c.To == "1");
        Assert.Contains(new FieldChange("name", "Cybersecurity Basics", "Renamed"), diff.Metadata);
        Assert.Contains(new FieldChange("changeNotes", null, "Two languages"), diff.Metadata);
    }

    [Fact]
    public void TheRootRuleIsAMetadataChange()
    {
        var diff = PackageDiff.Between(
            Version(1, Set(null, SetMode.All, [Course("a"), Course("b", false)])),
            Version(2, Set(null, SetMode.AtLeast, [Course("a"), Course("b", false)], min: 2)));

        Assert.Equal([new FieldChange("rule", "all", "at least 2")], diff.Metadata.AsEnumerable());
    }

    private static ContentVersion<PackageContent> Version(int number, RequirementNode tree, string name = "Cybersecurity Basics") =>
        new("cyber", number, VersionStatus.Published, PackageSamples.Content(tree, name), "ada", DateTimeOffset.UnixEpoch, "ada", DateTimeOffset.UnixEpoch);
}
