using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Domain.Tests.Packages;

public sealed class RequirementWordingTests
{
    public static TheoryData<RequirementNode, string> Rules => new()
    {
        { PackageSamples.SixOfTen.Children[0], "Complete 6 of these 10; Course c1 and Course c2 are required." },
        { PackageSamples.LanguageFamily.Children[0], "Complete one of these 2." },
        { PackageSamples.EmergencySeries.Children[0], "Complete all 3 in order." },
        { PackageSamples.CyberV1, "Complete the 1 required of these 2." },
        { PackageSamples.CyberV2, "Complete all 3." },
        {
            RequirementNode.Set("Credits", SetMode.AtLeast, [RequirementNode.Course("a", true, 5), RequirementNode.Course("b", false, 3)], min: 1, minPoints: 5),
            "Complete one of these 2, worth at least 5 points together; Course a is required."
        },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void ARuleReadsAsASentence(RequirementNode set, string sentence) =>
        Assert.Equal(sentence, RequirementWording.Describe(set, id => $"Course {id}"));
}
