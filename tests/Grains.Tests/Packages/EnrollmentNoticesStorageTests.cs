using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Grains.Packages;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Orleans.Serialization;

namespace CoursePortal.Grains.Tests.Packages;

/// <summary>A package enrollment's notices survive its row on PostgreSQL, which the silo writes with Orleans'
/// System.Text.Json storage serializer: a notice recorded but not yet delivered is read back to be delivered after a crash,
/// and an enrollment with nothing to keep writes no notices at all into its row.</summary>
public sealed class EnrollmentNoticesStorageTests
{
    private readonly SystemTextJsonGrainStorageSerializer _serializer = new(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

    [Fact]
    public void PendingNoticesAndDoneSlotsAreReadBackFromTheRow()
    {
        var due = new DateTimeOffset(2026, 5, 1, 17, 0, 0, TimeSpan.Zero);
        var pending = new PendingNotice("u/p/1767225600/S14L@1777654800", NoticeKind.DueSoon, false, 2, due, null, 14, due.AddDays(-14));
        var state = new PackageEnrollmentState
        {
            NoticesPlanned = true,
            Notices = new EnrollmentNotices { Done = ["A0L@1767225600", "S14L@1777654800"], Pending = [pending], ArmedFor = due.AddDays(-13) },
        };

        var read = _serializer.Deserialize<PackageEnrollmentState>(_serializer.Serialize(state))!;

        Assert.True(read.NoticesPlanned);
        Assert.Equal(["A0L@1767225600", "S14L@1777654800"], read.Notices!.Done!);
        Assert.Equal(pending, Assert.Single(read.Notices.Pending!));
        Assert.Equal(due.AddDays(-13), read.Notices.ArmedFor);
    }

    [Fact]
    public void AnEnrollmentWithNothingToKeepWritesNoNoticesAndReadsAsNotYetPlanned()
    {
        var json = _serializer.Serialize(new PackageEnrollmentState()).ToString();

        var read = _serializer.Deserialize<PackageEnrollmentState>(BinaryData.FromString(json))!;

        Assert.DoesNotContain("\"Notices\"", json, StringComparison.Ordinal);
        Assert.Null(read.Notices);
        Assert.False(read.NoticesPlanned);
    }
}
