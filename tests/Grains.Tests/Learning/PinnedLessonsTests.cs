using CoursePortal.Grains.Learning;

namespace CoursePortal.Grains.Tests.Learning;

public sealed class PinnedLessonsTests
{
    [Fact]
    public void EnrollmentsOnOneVersionShareOneListAndOtherVersionsKeepTheirOwn()
    {
        var course = $"pinned-{Guid.NewGuid():N}";
        List<PinnedLesson> first = [new("l1", "m", true, null)];
        List<PinnedLesson> sameVersionAgain = [new("l1", "m", true, null)];
        List<PinnedLesson> nextVersion = [new("l1", "m", true, null), new("l2", "m", false, null)];

        var shared = PinnedLessons.Intern(course, 1, first);
        var again = PinnedLessons.Intern(course, 1, sameVersionAgain);
        var other = PinnedLessons.Intern(course, 2, nextVersion);

        Assert.Same(first, shared);
        Assert.Same(first, again);
        Assert.Same(nextVersion, other);
    }
}
