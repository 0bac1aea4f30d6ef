using CoursePortal.Grains.Abstractions.Packages;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Domain.Tests.Packages;

/// <summary>The packaging design's scenarios as requirement trees.</summary>
public static class PackageSamples
{
    public static RequirementNode Standalone { get; } = Set(null, SetMode.All, [Course("code-of-conduct"), Course("anti-bribery")]);

    public static RequirementNode LanguageFamily { get; } = Set(null, SetMode.All,
        [Set("Language", SetMode.AtLeast, [Course("english-basics", required: false), Course("german-basics", required: false)], min: 1)]);

    public static RequirementNode EmergencySeries { get; } = Set(null, SetMode.All,
        [Set("Emergency procedures", SetMode.AllInOrder, [Course("fire-safety"), Course("first-aid"), Course("evacuation")])]);

    /// <summary>6 of 10, with c1 and c2 required.</summary>
    public static RequirementNode SixOfTen { get; } = Set(null, SetMode.All,
        [Set("Electives", SetMode.AtLeast, Enumerable.Range(1, 10).Select(i => Course($"c{i}", required: i <= 2)), min: 6)]);

    /// <summary>Every required item and at least 3 of these 5 groups, at the root.</summary>
    public static RequirementNode ThreeOfFiveGroups { get; } = Set(null, SetMode.AtLeast,
    [
        Course("onboarding"),
        .. Enumerable.Range(1, 5).Select(g => Set($"Group {g}", SetMode.All, [Course($"g{g}-a"), Course($"g{g}-b")], required: false)),
    ], min: 4);

    public static RequirementNode CyberV1 { get; } = Set(null, SetMode.All,
        [Course("password-security"), Course("gdpr-overview", required: false)]);

    public static RequirementNode CyberV2 { get; } = Set(null, SetMode.All,
        [Course("password-security"), Course("gdpr-overview"), Course("phishing-awareness")]);

    public static PackageContent Content(RequirementNode requirement, string name = "Cybersecurity Basics") => new(name, "Yearly security training.", "Security", requirement);
}
