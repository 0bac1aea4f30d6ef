using System.Net.Http.Json;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Services;

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

    [Fact]
    public async Task ALearnersOwnRecordHasTheirPackagesTheirCoursesLastOpenedFirstAndTheirCompletions()
    {
        _ = factory.Server;
        var accounts = factory.Services.GetRequiredService<AccountService>();
        var enrollments = factory.Services.GetRequiredService<EnrollmentService>();
        var learning = factory.Services.GetRequiredService<ProgressService>();
        var learner = (await accounts.CreateAsync($"own-{Guid.NewGuid():N}@example.com", "Own", "Learner", null, [Role.Learner], "admin")).UserId;

        await enrollments.EnrollAsync(learner, DemoData.PackageId);
        await learning.StartAsync(learner, "phishing-awareness", DemoData.PackageId);
        await learning.StartAsync(learner, "password-security");
        await learning.OpenLessonAsync(learner, "phishing-awareness", "red-flags");
        var own = await enrollments.GetOwnAsync(learner);

        Assert.Equal([DemoData.PackageId], own.Packages.Select(p => p.PackageId));
        Assert.Equal(["phishing-awareness", "password-security"], own.Courses.Select(c => c.CourseId));
        Assert.Empty(own.Completions);
    }

    [Fact]
    public async Task AssigningByEmailListsUnknownAddressesFirstAndAUserListedTwiceOnceUnderTheLaterAddress()
    {
        _ = factory.Server;
        var accounts = factory.Services.GetRequiredService<AccountService>();
        var email = $"assigned-{Guid.NewGuid():N}@example.com";
        var learner = (await accounts.CreateAsync(email, "Assigned", "Learner", null, [Role.Learner], "admin")).UserId;
        var nobody = $"nobody-{Guid.NewGuid():N}@example.com";

        var results = await factory.Services.GetRequiredService<EnrollmentService>()
            .AssignByEmailAsync(DemoData.PackageId, [email, nobody, learner], dueAt: null, "admin");

        Assert.Equal([nobody, learner], results.Select(r => r.Email));
        Assert.Equal(((PackageEnrollmentView?)null, $"No user has the address or id '{nobody}'."), (results[0].Enrollment, results[0].Error));
        Assert.Equal((1, learner, (string?)null), (results[1].Enrollment!.Version, results[1].Enrollment!.UserId, results[1].Error));
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
