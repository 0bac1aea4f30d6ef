using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Domain.Tests.Common;

public sealed class OptionalTextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public void TextWithNothingButWhiteSpaceIsLeftOut(string? typed) => Assert.Null(OptionalText.TrimmedOrNull(typed));

    [Theory]
    [InlineData("Phishing", "Phishing")]
    [InlineData("  Phishing awareness \n", "Phishing awareness")]
    public void TextIsKeptWithoutItsSurroundingWhiteSpace(string typed, string kept) =>
        Assert.Equal(kept, OptionalText.TrimmedOrNull(typed));
}
