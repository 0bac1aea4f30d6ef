using System.Globalization;
using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Domain.Tests.Common;

public sealed class GrainKeysTests
{
    public static TheoryData<string> HexLookingIds => ["42", "042", "add", "ABC", "0123456789abcdef0123456789abcdef", "12+ext"];

    [Theory]
    [MemberData(nameof(HexLookingIds))]
    public void KeysThatLookHexadecimalAreNeverReadAsNumbers(string id)
    {
        foreach (var key in new[] { GrainKeys.Course(id), GrainKeys.Package(id), GrainKeys.User(id), GrainKeys.Email(id), GrainKeys.NotificationInbox(id), GrainKeys.NoticeMail(id) })
        {
            Assert.False(long.TryParse(key.Split('+')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _), key);
            Assert.False(Guid.TryParse(key, out _), key);
        }
    }

    [Fact]
    public void IdsThatDifferOnlyInLeadingZerosGetDifferentKeys() =>
        Assert.NotEqual(GrainKeys.Course("42"), GrainKeys.Course("042"));

    [Fact]
    public void KindsOfGrainDoNotShareKeys() =>
        Assert.Equal(4, new[] { GrainKeys.Course("x"), GrainKeys.Package("x"), GrainKeys.User("x"), GrainKeys.Email("x") }.Distinct().Count());

    [Fact]
    public void StripGivesBackTheIdAndRefusesAKeyOfAnotherKind()
    {
        Assert.Equal("phishing-101", GrainKeys.Strip(GrainKeys.Course("phishing-101"), GrainKeys.CoursePrefix));
        Assert.Throws<ArgumentException>(() => GrainKeys.Strip(GrainKeys.User("phishing-101"), GrainKeys.CoursePrefix));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ABlankIdIsRefused(string id) => Assert.Throws<ArgumentException>(() => GrainKeys.Course(id));
}
