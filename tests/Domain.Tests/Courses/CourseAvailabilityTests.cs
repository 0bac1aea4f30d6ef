using CoursePortal.Grains.Abstractions.Courses;

namespace CoursePortal.Domain.Tests.Courses;

public sealed class CourseAvailabilityTests
{
    private static readonly DateTimeOffset Noon = new(2027, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("2027-03-10", null, true)]
    [InlineData("2027-03-11", null, false)]
    [InlineData(null, "2027-03-10", true)]
    [InlineData(null, "2027-03-09", false)]
    [InlineData("2027-03-01", "2027-03-31", true)]
    public void ACourseCanBeStartedFromItsStartDateToItsEndDateBothDaysIncluded(string? start, string? end, bool available)
    {
        var content = new CourseContent("Dated", StartDate: start is null ? null : DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            EndDate: end is null ? null : DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(available, CourseAvailability.IsAvailable(content, Noon));
        Assert.Equal(available, CourseAvailability.WhyNot(content, Noon) is null);
    }

    [Fact]
    public void TheDatesAndTheRefusalsReadAsWords()
    {
        var both = new CourseContent("Fire safety", StartDate: new DateOnly(2027, 4, 1), EndDate: new DateOnly(2027, 4, 30));

        Assert.Equal("Available from 2027-04-01 to 2027-04-30.", CourseAvailability.Describe(both));
        Assert.Equal("Available until 2027-04-30.", CourseAvailability.Describe(both with { StartDate = null }));
        Assert.Null(CourseAvailability.Describe(new CourseContent("Always")));
        Assert.Equal("'Fire safety' opens on 2027-04-01; it cannot be started before then.", CourseAvailability.WhyNot(both, Noon));
        Assert.Equal("'Fire safety' closed on 2027-04-30; it can no longer be started.", CourseAvailability.WhyNot(both, Noon.AddMonths(2)));
    }
}
