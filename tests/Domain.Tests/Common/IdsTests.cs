using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Domain.Tests.Common;

public sealed class IdsTests
{
    public static TheoryData<string> LookAlikes =>
    [
        "course\n",
        "course\r\n",
        "course\r",
        "\ncourse",
        "cour\nse",
        "course ",
        " course",
        "cour\u0073e\u200B",     // a zero-width space after a real id
        "\u200Bcourse",
        "cour\u0430e",           // Cyrillic 'а' in place of the Latin one
        "\u0441ourse",           // Cyrillic 'с'
        "course-\uFF11",         // a full-width digit one
        "\uFF43ourse",           // a full-width 'c'
        "course-\u0661",         // an Arabic-Indic digit one
        "cours\u00E9",           // 'é' precomposed
        "course\u0301",          // a combining accent
        "Course",
        "COURSE",
        "course\u0000",
        "course\t",
        "course\u2028",
        "course\uFEFF",
        "",
        "-course",
        "_course",
        "course/1",
        "course.1",
    ];

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public void AnIdThatOnlyLooksSafeIsRefused(string id)
    {
        Assert.False(Ids.IsValid(id));
        var refusal = Assert.Throws<DomainException>(() => Ids.Require(id));
        Assert.Equal("invalid_id", refusal.Code);
    }

    [Theory]
    [InlineData("course")]
    [InlineData("0")]
    [InlineData("phishing-awareness_2026")]
    public void ASafeIdIsAccepted(string id) => Assert.Equal(id, Ids.Require(id));

    [Fact]
    public void AnIdIsAtMostSixtyFourCharacters()
    {
        Assert.True(Ids.IsValid(new string('a', Ids.MaxLength)));
        Assert.False(Ids.IsValid(new string('a', Ids.MaxLength + 1)));
        Assert.False(Ids.IsValid(new string('a', Ids.MaxLength) + "\n"));
    }

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public void AUrlSegmentThatCannotBeAnIdNamesNothing(string id)
    {
        var refusal = Assert.Throws<DomainException>(() => Ids.Existing("Course", id));

        Assert.Equal(DomainErrorKind.NotFound, refusal.Kind);
        Assert.Equal(ErrorCodes.NotFound, refusal.Code);
    }

    [Fact]
    public void AUrlSegmentThatCanBeAnIdIsPassedOn() => Assert.Equal("phishing-awareness", Ids.Existing("Course", "phishing-awareness"));
}
