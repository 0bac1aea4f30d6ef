using CoursePortal.Grains.Abstractions.Courses;

namespace CoursePortal.Domain.Tests.Courses;

public sealed class CourseLifecycleTests
{
    // The whole table: every status × every action, and what it leads to (null: removed or unchanged).
    public static TheoryData<CourseStatus, VersionAction, bool> Table => new()
    {
        { CourseStatus.Draft, VersionAction.Edit, true },
        { CourseStatus.Draft, VersionAction.Discard, true },
        { CourseStatus.Draft, VersionAction.Publish, true },
        { CourseStatus.Draft, VersionAction.Archive, false },
        { CourseStatus.Draft, VersionAction.CopyToDraft, false },
        { CourseStatus.Published, VersionAction.Edit, false },
        { CourseStatus.Published, VersionAction.Discard, false },
        { CourseStatus.Published, VersionAction.Publish, false },
        { CourseStatus.Published, VersionAction.Archive, true },
        { CourseStatus.Published, VersionAction.CopyToDraft, true },
        { CourseStatus.Archived, VersionAction.Edit, false },
        { CourseStatus.Archived, VersionAction.Discard, false },
        { CourseStatus.Archived, VersionAction.Publish, false },
        { CourseStatus.Archived, VersionAction.Archive, false },
        { CourseStatus.Archived, VersionAction.CopyToDraft, true },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void OnlyTheTransitionsOfTheTableAreAllowed(CourseStatus status, VersionAction action, bool allowed)
    {
        Assert.Equal(allowed, CourseLifecycle.Allows(status, action));
        if (!allowed)
        {
            Assert.Throws<InvalidOperationException>(() => CourseLifecycle.After(status, action));
        }
    }

    [Fact]
    public void TheTableCoversEveryStatusAndAction() =>
        Assert.Equal(Enum.GetValues<CourseStatus>().Length * Enum.GetValues<VersionAction>().Length, Table.Count);

    [Theory]
    [InlineData(CourseStatus.Draft, VersionAction.Publish, CourseStatus.Published)]
    [InlineData(CourseStatus.Published, VersionAction.Archive, CourseStatus.Archived)]
    [InlineData(CourseStatus.Draft, VersionAction.Edit, CourseStatus.Draft)]
    [InlineData(CourseStatus.Archived, VersionAction.CopyToDraft, CourseStatus.Archived)]
    public void AnAllowedTransitionLeadsToItsStatus(CourseStatus from, VersionAction action, CourseStatus to) =>
        Assert.Equal(to, CourseLifecycle.After(from, action));

    [Fact]
    public void DiscardingADraftRemovesIt() => Assert.Null(CourseLifecycle.After(CourseStatus.Draft, VersionAction.Discard));
}
