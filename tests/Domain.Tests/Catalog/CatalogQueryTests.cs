using CoursePortal.Grains.Abstractions.Catalog;

namespace CoursePortal.Domain.Tests.Catalog;

public sealed class CatalogQueryTests
{
    private static readonly CourseSummary Phishing = new(
        "phishing-awareness", "Phishing Awareness", "Spot and report phishing e-mails.", ["security", "compliance"], "Security Essentials", "Threats", 25, 1);

    [Theory]
    [InlineData("phishing")]
    [InlineData("  PHISHING  ")]
    [InlineData("report")]
    [InlineData("compli")]
    public void TextMatchesTitleDescriptionOrTagIgnoringCase(string text) => Assert.True(new CatalogQuery(Text: text).Matches(Phishing));

    [Fact]
    public void TextThatAppearsNowhereDoesNotMatch() => Assert.False(new CatalogQuery(Text: "gdpr").Matches(Phishing));

    [Theory]
    [InlineData("SECURITY", null, null, true)]
    [InlineData("privacy", null, null, false)]
    [InlineData(null, "security essentials", null, true)]
    [InlineData(null, "Privacy", null, false)]
    [InlineData(null, null, "threats", true)]
    [InlineData("security", "Security Essentials", "Identity", false)]
    public void FiltersAreExactButIgnoreCaseAndAllMustHold(string? tag, string? suite, string? concept, bool expected) =>
        Assert.Equal(expected, new CatalogQuery(null, tag, suite, concept).Matches(Phishing));

    [Fact]
    public void TheEmptyQueryMatchesEverything() => Assert.True(CatalogQuery.All.Matches(Phishing));

    [Fact]
    public void ATypedSearchTrimsItsFieldsAndBlankFieldsFilterNothing()
    {
        var typed = CatalogQuery.Typed("  phishing ", " ", "\tSecurity Essentials ", null);

        Assert.Equal(new CatalogQuery("phishing", null, "Security Essentials", null), typed);
        Assert.True(typed.Matches(Phishing));
    }
}
