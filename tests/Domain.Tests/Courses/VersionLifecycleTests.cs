using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Domain.Tests.Courses;

public sealed class VersionLifecycleTests
{
    // The whole table: every status × every action, and what it leads to (null: removed or unchanged).
    public static TheoryData<VersionStatus, VersionAction, bool> Table => new()
    {
        { VersionStatus.Draft, VersionAction.Edit, true },
        { VersionStatus.Draft, VersionAction.Discard, true },
        { VersionStatus.Draft, VersionAction.Publish, true },
        { VersionStatus.Draft, VersionAction.Archive, false },
        { VersionStatus.Draft, VersionAction.CopyToDraft, false },
        { VersionStatus.Published, VersionAction.Edit, false },
        { VersionStatus.Published, VersionAction.Discard, false },
        { VersionStatus.Published, VersionAction.Publish, false },
        { VersionStatus.Published, VersionAction.Archive, true },
        { VersionStatus.Published, VersionAction.CopyToDraft, true },
        { VersionStatus.Archived, VersionAction.Edit, false },
        { VersionStatus.Archived, VersionAction.Discard, false },
        { VersionStatus.Archived, VersionAction.Publish, false },
        { VersionStatus.Archived, VersionAction.Archive, false },
        { VersionStatus.Archived, VersionAction.CopyToDraft, true },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void OnlyTheTransitionsOfTheTableAreAllowed(VersionStatus status, VersionAction action, bool allowed)
    {
        Assert.Equal(allowed, VersionLifecycle.Allows(status, action));
        if (!allowed)
        {
            Assert.Throws<InvalidOperationException>(() => VersionLifecycle.After(status, action));
        }
    }

    [Fact]
    public void TheTableCoversEveryStatusAndAction() =>
        Assert.Equal(Enum.GetValues<VersionStatus>().Length * Enum.GetValues<VersionAction>().Length, Table.Count);

    [Theory]
    [InlineData(VersionStatus.Draft, VersionAction.Publish, VersionStatus.Published)]
    [InlineData(VersionStatus.Published, VersionAction.Archive, VersionStatus.Archived)]
    [InlineData(VersionStatus.Draft, VersionAction.Edit, VersionStatus.Draft)]
    [InlineData(VersionStatus.Archived, VersionAction.CopyToDraft, VersionStatus.Archived)]
    public void AnAllowedTransitionLeadsToItsStatus(VersionStatus from, VersionAction action, VersionStatus to) =>
        Assert.Equal(to, VersionLifecycle.After(from, action));

    [Fact]
    public void DiscardingADraftRemovesIt() => Assert.Null(VersionLifecycle.After(VersionStatus.Draft, VersionAction.Discard));
}
