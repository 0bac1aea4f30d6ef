using System.Net.Http.Json;
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

        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        await LearnerEventuallyListedAsync(admin, learner);
    }

    // Enrollment lists come from the audit trail, which trails the grains by about a second.
    private static async Task LearnerEventuallyListedAsync(HttpClient admin, string userId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var list = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri($"/v1/packages/{DemoData.PackageId}/enrollments?version=1", UriKind.Relative));
            if (list.EnumerateArray().Any(e => e.GetProperty("userId").GetString() == userId && e.GetProperty("dueAt").ValueKind != System.Text.Json.JsonValueKind.Null))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the assigned learner is not listed");
            await Task.Delay(100);
        }
    }
}
