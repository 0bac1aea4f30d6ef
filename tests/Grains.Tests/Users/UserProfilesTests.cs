using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Users;

namespace CoursePortal.Grains.Tests.Users;

/// <summary>A profile is made from what was entered: trimmed names, a display name from the names when none was
/// given, empty optional fields left out, roles once each in order; credit needs a course id and a reason.</summary>
public sealed class UserProfilesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ANewProfileTrimsItsNamesMakesTheDisplayNameOfThemAndKeepsEachRoleOnceInOrder()
    {
        var profile = UserProfiles.New("u1", new NewUser("ada@example.com", "  Ada ", " Lovelace", [Role.Admin, Role.Learner, Role.Admin], DisplayName: "  "), "ada@example.com", T0);

        Assert.Equal(("Ada", "Lovelace", "Ada Lovelace"), (profile.FirstName, profile.LastName, profile.DisplayName));
        Assert.Equal(new[] { Role.Learner, Role.Admin }, profile.Roles.ToArray());
        Assert.Equal(T0, profile.CreatedAt);
    }

    [Fact]
    public void AProfileWithoutRolesIsALearnersAndAGivenDisplayNameIsKeptTrimmed()
    {
        var profile = UserProfiles.New("u1", new NewUser("ada@example.com", "Ada", "Lovelace", [], DisplayName: " Countess "), "ada@example.com", T0);

        Assert.Equal(new[] { Role.Learner }, profile.Roles.ToArray());
        Assert.Equal("Countess", profile.DisplayName);
    }

    [Fact]
    public void ALinkAddsTheProviderUserKeepsTheSameOneAndAddsTheIssuerToALinkMadeWithoutOne()
    {
        var unlinked = UserProfiles.New("u1", new NewUser("ada@example.com", "Ada", "Lovelace", []), "ada@example.com", T0);
        var linked = UserProfiles.Linked(unlinked, "https://idp.example", "sub-1");
        var withoutIssuer = linked with { ExternalIssuer = null };

        Assert.Equal(("https://idp.example", "sub-1"), (linked.ExternalIssuer, linked.ExternalSubject));
        Assert.Same(linked, UserProfiles.Linked(linked, "https://idp.example", "sub-1"));
        Assert.Equal("https://idp.example", UserProfiles.Linked(withoutIssuer, "https://idp.example", "sub-1").ExternalIssuer);
        Assert.Equal("external_link_refused", Assert.Throws<DomainException>(() => UserProfiles.Linked(linked, "https://idp.example", "sub-2")).Code);
        Assert.Equal("external_link_refused", Assert.Throws<DomainException>(() => UserProfiles.Linked(linked, "https://other.example", "sub-1")).Code);
    }

    [Fact]
    public void AnUpdateLeavesBlankOptionalFieldsOutAndKeepsWhatTheLearnerDoesNotEdit()
    {
        var before = UserProfiles.New("u1", new NewUser("ada@example.com", "Ada", "Lovelace", [Role.Contributor]), "ada@example.com", T0) with { Bio = "old" };

        var after = UserProfiles.Updated(before, new ProfileUpdate(" Augusta ", "King", ImageUrl: " https://example.com/a.png ", Bio: "   "));

        Assert.Equal(("Augusta", "King", "Augusta King"), (after.FirstName, after.LastName, after.DisplayName));
        Assert.Equal("https://example.com/a.png", after.ImageUrl);
        Assert.Null(after.Bio);
        Assert.Equal((before.UserId, before.Email, before.Roles, before.CreatedAt), (after.UserId, after.Email, after.Roles, after.CreatedAt));
    }

    [Fact]
    public void CreditWithABadCourseIdAndNoReasonIsRefusedForBothFields()
    {
        var refused = Assert.Throws<DomainException>(() => UserValidation.ThrowIfInvalidCredit("not an id!", " "));

        Assert.Equal(["courseId", "reason"], refused.Errors.Select(e => e.Field));
        UserValidation.ThrowIfInvalidCredit("intro-101", "Completed at the previous employer.");
        Assert.Throws<DomainException>(() => UserValidation.ThrowIfInvalidCredit("intro-101", new string('x', 2001)));
    }
}
