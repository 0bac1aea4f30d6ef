using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using CoursePortal.Grains;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Users;
using CoursePortal.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Storage;
using static CoursePortal.Web.Tests.Integrity.Learners;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>A learner (or an admin assigning them) enrolls in packages that must refuse: one that does not exist, an
/// archived one, one outside its enrollment window, one that was never published. Each refusal answers the right
/// 4xx and leaves My learning and /v1/me/enrollments exactly as they were; and a learner whose record indexes an
/// enrollment that cannot be read still sees the rest of it.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class EnrollmentIntegrityTests(LocalModeFactory factory)
{
    private static readonly object Requirement = new { set = "all", items = new[] { new { course = "gdpr-overview" } } };

    public enum Refused
    {
        Unknown,
        Archived,
        NotYetOpen,
        Closed,
        DraftOnly,
    }

    /// <summary>A package that refuses enrollment in the given way, and the status and code it must answer.</summary>
    private async Task<(string PackageId, HttpStatusCode Status, string Code)> RefusingPackageAsync(HttpClient admin, Refused kind)
    {
        var id = $"pkg-{Guid.NewGuid():N}"[..16];
        switch (kind)
        {
            case Refused.Unknown:
                return (id, HttpStatusCode.NotFound, ErrorCodes.NotFound);
            case Refused.DraftOnly:
                (await admin.PostAsJsonAsync(Uri("/v1/packages"), new { id, name = "Draft only", requirement = Requirement })).EnsureSuccessStatusCode();
                return (id, HttpStatusCode.Conflict, "no_active_version");
            case Refused.Archived:
                var archived = await PublishedPackageAsync(admin, Requirement);
                await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IPackageGrain>(GrainKeys.Package(archived)).ArchiveAsync("retired", "admin");
                return (archived, HttpStatusCode.Conflict, "no_active_version");
            default:
                var now = DateTimeOffset.UtcNow;
                var window = kind == Refused.NotYetOpen
                    ? new { availableFrom = now.AddDays(7), availableUntil = now.AddDays(30) }
                    : new { availableFrom = now.AddDays(-30), availableUntil = now.AddDays(-7) };
                (await admin.PostAsJsonAsync(Uri("/v1/packages"),
                    new { id, name = "Windowed", requirement = Requirement, window.availableFrom, window.availableUntil })).EnsureSuccessStatusCode();
                (await admin.PostAsJsonAsync(Uri($"/v1/packages/{id}/publish"), new { changeNotes = "first" })).EnsureSuccessStatusCode();
                return (id, HttpStatusCode.Conflict, "enrollment_closed");
        }
    }

    /// <summary>A learner with a record worth keeping: enrolled in the demo package, one course started.</summary>
    private async Task<(HttpClient Admin, HttpClient Learner, string UserId)> LearnerWithARecordAsync()
    {
        var admin = await AdminAsync(factory);
        var (learner, userId) = await NewAsync(factory, admin);
        (await learner.PostAsJsonAsync(Uri($"/v1/packages/{DemoData.PackageId}/enrollments"), new { })).EnsureSuccessStatusCode();
        (await learner.PostAsync(Uri("/v1/courses/password-security/start"), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        return (admin, learner, userId);
    }

    [Theory]
    [InlineData(Refused.Unknown)]
    [InlineData(Refused.Archived)]
    [InlineData(Refused.NotYetOpen)]
    [InlineData(Refused.Closed)]
    [InlineData(Refused.DraftOnly)]
    public async Task SelfEnrollingThroughTheApiInAPackageThatRefusesChangesNothing(Refused kind)
    {
        var (admin, learner, _) = await LearnerWithARecordAsync();
        var (packageId, status, code) = await RefusingPackageAsync(admin, kind);
        var (jsonBefore, pageBefore) = (await EnrollmentsJsonAsync(learner), await MyLearningAsync(learner));

        using var enroll = await learner.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/enrollments"), new { });
        using var again = await learner.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/enrollments"), new { });

        Assert.Equal((status, status), (enroll.StatusCode, again.StatusCode));
        Assert.Equal(code, (await enroll.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(jsonBefore, await EnrollmentsJsonAsync(learner));
        Assert.Equal(pageBefore, await MyLearningAsync(learner));
    }

    [Theory]
    [InlineData(Refused.Unknown)]
    [InlineData(Refused.Archived)]
    [InlineData(Refused.Closed)]
    [InlineData(Refused.DraftOnly)]
    public async Task AnAdminsAssignmentThatThePackageRefusesReportsItAndChangesNothing(Refused kind)
    {
        var (admin, learner, userId) = await LearnerWithARecordAsync();
        var (packageId, _, code) = await RefusingPackageAsync(admin, kind);
        var (jsonBefore, pageBefore) = (await EnrollmentsJsonAsync(learner), await MyLearningAsync(learner));

        using var assign = await admin.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/enrollments"), new { userIds = new[] { userId } });
        var result = (await assign.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single();

        Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("enrollment").ValueKind);
        Assert.Equal(code, result.GetProperty("errorCode").GetString());
        Assert.Equal(jsonBefore, await EnrollmentsJsonAsync(learner));
        Assert.Equal(pageBefore, await MyLearningAsync(learner));
    }

    [Theory]
    [InlineData(Refused.Unknown)]
    [InlineData(Refused.Archived)]
    [InlineData(Refused.Closed)]
    [InlineData(Refused.DraftOnly)]
    public async Task TheEnrollFormPostedWithAPackageThatRefusesShowsWhyAndChangesNothing(Refused kind)
    {
        var (admin, learner, _) = await LearnerWithARecordAsync();
        var (packageId, _, _) = await RefusingPackageAsync(admin, kind);
        var (jsonBefore, pageBefore) = (await EnrollmentsJsonAsync(learner), await MyLearningAsync(learner));
        var packages = await learner.GetDocumentAsync("/Learn/Packages");

        // The form of a package on offer, its hidden package id changed as an attacker would.
        using var posted = await learner.SubmitAsync((IHtmlFormElement)packages.QuerySelector("article.package-card form")!,
            new Dictionary<string, string> { ["packageId"] = packageId });
        var answer = await HtmlDocuments.ParseAsync(learner, posted);

        Assert.Equal("/Learn/Packages", posted.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(packageId, answer.QuerySelector("#status")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal(jsonBefore, await EnrollmentsJsonAsync(learner));
        Assert.Equal(pageBefore, await MyLearningAsync(learner));
    }

    [Fact]
    public async Task AnIndexedEnrollmentThatCannotBeReadIsLeftOutAndTheRestOfTheRecordShows()
    {
        var (_, learner, userId) = await LearnerWithARecordAsync();
        var (jsonBefore, pageBefore) = (await EnrollmentsJsonAsync(learner), await MyLearningAsync(learner));

        // What an enrollment refused before the user's record was guarded left behind: an index entry with no enrollment.
        await IndexWithoutEnrollingAsync(userId, $"pkg-{Guid.NewGuid():N}"[..16]);
        using var page = await learner.GetAsync(Uri("/Learn/MyLearning"));
        using var json = await learner.GetAsync(Uri("/v1/me/enrollments"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (page.StatusCode, json.StatusCode));
        Assert.Equal(jsonBefore, await json.Content.ReadAsStringAsync());
        Assert.Equal(pageBefore, await MyLearningAsync(learner));
        Assert.Contains(DemoData.PackageId, pageBefore, StringComparison.Ordinal);
    }

    /// <summary>Writes the entry into the user's stored state, as an older version stored it, and has the user grain read
    /// its state again.</summary>
    private async Task IndexWithoutEnrollingAsync(string userId, string packageId)
    {
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var storage = factory.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        var user = grains.GetGrain<IUserGrain>(GrainKeys.User(userId));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await user.GetPackageEnrollmentsAsync()).Contains(packageId))
        {
            Assert.True(DateTime.UtcNow < deadline, "the user grain never read the injected index entry");
            var stored = new GrainState<UserState>();
            await storage.ReadStateAsync(StorageNames.UserState, user.GetGrainId(), stored);
            if (!stored.State!.PackageEnrollments.Contains(packageId))
            {
                stored.State.PackageEnrollments.Add(packageId);
                try
                {
                    await storage.WriteStateAsync(StorageNames.UserState, user.GetGrainId(), stored);
                }
                catch (InconsistentStateException)
                {
                    continue; // the grain wrote in between: read again
                }
            }

            await user.Cast<IGrainManagementExtension>().DeactivateOnIdle();
            await Task.Delay(50);
        }
    }
}
