using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Domain.Tests.Packages;

public sealed class PackageContentValidationTests
{
    private static readonly DateTimeOffset Opens = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void APackageAtEveryBoundIsValid()
    {
        var content = PackageSamples.Content(PackageSamples.CyberV2, name: new string('n', RequirementValidation.MaxNameLength)) with
        {
            Description = new string('d', 10_000),
            Category = new string('c', RequirementValidation.MaxNameLength),
            AvailableFrom = Opens,
            AvailableUntil = Opens.AddTicks(1),
            ValidityDays = PackageContent.MaxValidityDays,
        };

        Assert.Empty(PackageContent.Validate("cyber", content));
        Assert.Empty(PackageContent.Validate("cyber", content with { ValidityDays = 1, AvailableUntil = null }));
    }

    public static TheoryData<string, PackageContent, string, string> BrokenPackages => new()
    {
        { "Cyber Basics", Valid(), ErrorCodes.InvalidId, "id" },
        { "cyber", Valid() with { Name = " " }, ErrorCodes.Required, "name" },
        { "cyber", Valid() with { Name = new string('n', RequirementValidation.MaxNameLength + 1) }, ErrorCodes.TooLong, "name" },
        { "cyber", Valid() with { Description = new string('d', 10_001) }, ErrorCodes.TooLong, "description" },
        { "cyber", Valid() with { Category = new string('c', RequirementValidation.MaxNameLength + 1) }, ErrorCodes.TooLong, "category" },
        { "cyber", Valid() with { AvailableFrom = Opens, AvailableUntil = Opens }, ErrorCodes.InvalidDates, "availableUntil" },
        { "cyber", Valid() with { AvailableFrom = Opens, AvailableUntil = Opens.AddDays(-1) }, ErrorCodes.InvalidDates, "availableUntil" },
        { "cyber", Valid() with { ValidityDays = 0 }, ErrorCodes.OutOfRange, "validityDays" },
        { "cyber", Valid() with { ValidityDays = PackageContent.MaxValidityDays + 1 }, ErrorCodes.OutOfRange, "validityDays" },
        { "cyber", Valid() with { Requirement = Set(null, SetMode.All, []) }, ErrorCodes.EmptyRoot, "requirement.items" },
    };

    [Theory]
    [MemberData(nameof(BrokenPackages))]
    public void EachBrokenRuleIsRejectedWithItsCodeAndField(string packageId, PackageContent content, string code, string field) =>
        Assert.Equal([(code, field)], PackageContent.Validate(packageId, content).Select(e => (e.Code, e.Field)));

    [Fact]
    public void EveryBrokenRuleIsReportedInTheOrderOfTheFields()
    {
        var content = new PackageContent("", new string('d', 10_001), new string('c', RequirementValidation.MaxNameLength + 1),
            Set(null, SetMode.All, [Course("a"), Course("a")]), Opens, Opens, ValidityDays: 0);

        var errors = PackageContent.Validate("Cyber Basics", content);

        Assert.Equal(
            [
                (ErrorCodes.InvalidId, "id", "The package id 'Cyber Basics' must be 1–64 lower-case letters, digits, '-' or '_'."),
                (ErrorCodes.Required, "name", "A package needs a name."),
                (ErrorCodes.TooLong, "description", "At most 10000 characters."),
                (ErrorCodes.TooLong, "category", "At most 200 characters."),
                (ErrorCodes.InvalidDates, "availableUntil", "The enrollment window closes before it opens."),
                (ErrorCodes.OutOfRange, "validityDays", "A completion stays valid for 1 to 3650 days."),
                (ErrorCodes.DuplicateCourse, "requirement.items[1].course", "'a' is in this group twice."),
            ],
            errors.Select(e => (e.Code, e.Field, e.Message)));
    }

    private static PackageContent Valid() => PackageSamples.Content(PackageSamples.CyberV2);
}
