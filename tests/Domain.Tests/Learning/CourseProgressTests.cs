using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Domain.Tests.Learning;

public sealed class CourseProgressTests
{
    [Theory]
    [InlineData(3, 0, false, 0)]
    [InlineData(3, 1, false, 33)]
    [InlineData(3, 3, false, 99)]
    [InlineData(3, 1, true, 100)]
    [InlineData(0, 0, false, 0)]
    [InlineData(0, 0, true, 100)]
    public void APercentIsTheShareOfRequiredLessonsHeldBelowAHundredUntilTheCourseIsCompleted(int required, int done, bool completed, int expected) =>
        Assert.Equal(expected, CourseProgress.PercentOf(required, done, completed));
}
