using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Domain.Tests.Packages;

public sealed class EnrollmentStatusWordsTests
{
    [Fact]
    public void EveryStatusHasOneLabelAndOneTokenThatReadsBack()
    {
        Assert.Equal(Enum.GetValues<EnrollmentStatus>(), EnrollmentStatusWords.All.Select(w => w.Status));
        Assert.Equal(["Not started", "In progress", "Completed"], Enum.GetValues<EnrollmentStatus>().Select(EnrollmentStatusWords.Label));
        Assert.Equal(["notStarted", "inProgress", "completed"], Enum.GetValues<EnrollmentStatus>().Select(EnrollmentStatusWords.Token));
        Assert.All(Enum.GetValues<EnrollmentStatus>(), s => Assert.True(EnrollmentStatusWords.TryParse(EnrollmentStatusWords.Token(s), out var back) && back == s));
    }

    [Theory]
    [InlineData("INPROGRESS", true)]
    [InlineData("1", false)]
    [InlineData("in progress", false)]
    [InlineData("NotStarted, InProgress", false)]
    [InlineData(null, false)]
    public void OnlyATokenParses(string? token, bool parses) => Assert.Equal(parses, EnrollmentStatusWords.TryParse(token, out _));
}
