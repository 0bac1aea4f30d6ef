using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Accounts;

[Collection(LocalModeCollection.Name)]
public sealed class EnrollmentServiceTests(LocalModeFactory factory)
{
    [Fact]
    public async Task AnAdminAssignsManyUsersAtOnceAndEachRefusalIsReportedSeparately()
    {
        _ = factory.Server;
        var accounts = factory.Services.GetRequiredService<AccountService>();
        var learner = (await accounts.FindUserIdAsync("learner@demo.local"))!;
        var author = (await accounts.FindUserIdAsync("author@demo.local"))!;
        var due = DateTimeOffset.UtcNow.AddDays(30);

        var results = await factory.Services.GetRequiredService<EnrollmentService>()
            .AssignAsync(DemoData.PackageId, [learner, author, learner, "no-such-user"], due, "admin");

        Assert.Equal([learner, author, "no-such-user"], results.Select(r => r.UserId));
        Assert.All(results.Take(2), r => Assert.Equal((1, due, "admin"), (r.Enrollment!.Version, r.Enrollment.DueAt, r.Enrollment.EnrolledBy)));
        Assert.Equal(("not_found", (PackageEnrollmentView?)null), (results[2].ErrorCode, results[2].Enrollment));
    }
}
