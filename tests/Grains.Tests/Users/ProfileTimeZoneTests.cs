using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class ProfileTimeZoneTests(ClusterFixture fixture)
{
    private readonly LearnerSetup _setup = new(fixture.Client);

    [Fact]
    public async Task AProfileKeepsAnIanaTimeZoneAndRefusesAnUnknownOneChangingNothing()
    {
        var userId = await _setup.UserAsync();

        var saved = await _setup.User(userId).UpdateProfileAsync(new ProfileUpdate("Ada", "Lovelace", Bio: "Analyst", TimeZone: " Europe/Berlin "));
        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            _setup.User(userId).UpdateProfileAsync(new ProfileUpdate("Mallory", "Mallory", TimeZone: "Mars/Olympus_Mons")));

        Assert.Equal(("Europe/Berlin", "Analyst"), (saved.TimeZone, saved.Bio));
        Assert.Equal((ErrorCodes.Invalid, "timeZone"), (refusal.Code, refusal.Field));
        var stored = await _setup.User(userId).GetProfileAsync();
        Assert.Equal(("Ada", "Europe/Berlin"), (stored.FirstName, stored.TimeZone));
    }
}
