using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Tests.Services;

public sealed class UserServiceTests
{
    [Fact]
    public void AHighestRoleBringsEveryRoleBelowIt()
    {
        Assert.Equal(new[] { Role.Learner }, UserService.RolesUpTo(Role.Learner));
        Assert.Equal(new[] { Role.Learner, Role.Contributor, Role.Approver }, UserService.RolesUpTo(Role.Approver));
        Assert.Equal(Enum.GetValues<Role>(), UserService.RolesUpTo(Role.Admin));
    }
}
