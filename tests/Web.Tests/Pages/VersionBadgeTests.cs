using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Pages.Author;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Tests.Pages;

public sealed class VersionBadgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ADraftSaysWhenItWasLastEdited()
    {
        Assert.Equal("v3 Draft · edited today", VersionBadge.Text(Version(3, VersionStatus.Draft, updated: Now.AddHours(-2)), Now));
        Assert.Equal("v3 Draft · edited 2026-03-01", VersionBadge.Text(Version(3, VersionStatus.Draft, updated: new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)), Now));
    }

    [Fact]
    public void APublishedVersionCountsItsLearnersOrSaysWhenItWasPublished()
    {
        Assert.Equal("v2 Active · 23 enrolled", VersionBadge.Text(Version(2, VersionStatus.Published, active: true, counts: new(23, 4)), Now));
        Assert.Equal("v2 Active · published 2026-02-01", VersionBadge.Text(Version(2, VersionStatus.Published, active: true), Now));
    }

    [Fact]
    public void AScheduledVersionSaysFromWhen() =>
        Assert.Equal("v4 Scheduled · from 2026-04-01 08:30",
            VersionBadge.Text(Version(4, VersionStatus.Published, scheduled: true, effective: new(2026, 4, 1, 8, 30, 0, TimeSpan.Zero)), Now));

    [Fact]
    public void AnArchivedVersionCountsItsCompletionsOrSaysWhenItWasArchived()
    {
        Assert.Equal("v1 Archived · 7 completed", VersionBadge.Text(Version(1, VersionStatus.Archived, counts: new(9, 7)), Now));
        Assert.Equal("v1 Archived · archived 2026-02-15", VersionBadge.Text(Version(1, VersionStatus.Archived), Now));
    }

    [Fact]
    public void OnlyTheActiveVersionIsGreenAndOnlyADraftYellow()
    {
        Assert.Equal("text-bg-success", VersionBadge.Css(Version(2, VersionStatus.Published, active: true)));
        Assert.Equal("text-bg-warning", VersionBadge.Css(Version(3, VersionStatus.Draft)));
        Assert.Equal("text-bg-light", VersionBadge.Css(Version(1, VersionStatus.Archived)));
    }

    private static AuthoredVersion Version(int number, VersionStatus status, bool active = false, bool scheduled = false,
        DateTimeOffset? updated = null, DateTimeOffset? effective = null, PackageVersionCounts? counts = null)
    {
        var published = status == VersionStatus.Draft ? (DateTimeOffset?)null : new DateTimeOffset(2026, 2, 1, 10, 0, 0, TimeSpan.Zero);
        var archived = status == VersionStatus.Archived ? new DateTimeOffset(2026, 2, 15, 10, 0, 0, TimeSpan.Zero) : (DateTimeOffset?)null;
        var info = new VersionInfo(number, status, active, scheduled, "Title", "author", Now.AddDays(-40), "author", updated ?? Now.AddDays(-30),
            published is null ? null : "approver", published, archived is null ? null : "admin", archived, null, effective, null);
        return new AuthoredVersion(info, counts);
    }
}
