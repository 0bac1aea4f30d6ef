using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Web.Tests.Integrity;
using CoursePortal.Web.Tests.Pages;

namespace CoursePortal.Web.Tests.Api;

/// <summary>POST /v1/courses/{id}/archive, POST /v1/packages/{id}/archive, DELETE …/schedule and the refused past
/// effective date. Every refusal is tried as the attack or mistake it stops, and reads back that nothing changed.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class ArchiveAndScheduleApiTests(LocalModeFactory factory)
{
    [Fact]
    public async Task AnArchivedCourseLeavesTheCatalogNobodyNewStartsItAndALearnerMidWayFinishesIt()
    {
        var id = await PublishedCourseAsync();
        var midWay = await FreshLearners.SignedInAsync(factory.CreateClient);
        (await midWay.PostAsJsonAsync(Uri($"/v1/courses/{id}/start"), new { })).EnsureSuccessStatusCode();
        (await midWay.PostAsJsonAsync(Uri($"/v1/courses/{id}/progress/complete"), new { lessonId = "intro" })).EnsureSuccessStatusCode();
        var approver = await SignedInAsync("approver@demo.local");

        using var archived = await approver.PostAsJsonAsync(Uri($"/v1/courses/{id}/archive"), new { reason = "Replaced by the 2027 edition" });
        var newcomer = await FreshLearners.SignedInAsync(factory.CreateClient);
        using var refusedStart = await newcomer.PostAsJsonAsync(Uri($"/v1/courses/{id}/start"), new { });
        using var finished = await midWay.PostAsJsonAsync(Uri($"/v1/courses/{id}/progress/complete"), new { lessonId = "outro" });

        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.Equal("archived", (await archived.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.DoesNotContain(await CatalogIdsAsync(newcomer), c => c == id);
        Assert.Equal((HttpStatusCode.Conflict, "no_active_version"), (refusedStart.StatusCode, await CodeAsync(refusedStart)));
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        Assert.Equal(100, (await finished.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("percent").GetInt32());
        var version = (await approver.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{id}/versions")))[0];
        var approverId = (await approver.GetFromJsonAsync<JsonElement>(Uri("/v1/me"))).GetProperty("userId").GetString();
        Assert.Equal(("archived", "Replaced by the 2027 edition", approverId),
            (version.GetProperty("status").GetString(), version.GetProperty("archiveReason").GetString(), version.GetProperty("archivedBy").GetString()));
        var audit = await EventsAsync(id, "version_archived");
        Assert.Equal(approverId, audit.GetProperty("actorId").GetString());
        Assert.Contains("Replaced by the 2027 edition", audit.GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAuthorWhoTriesToArchiveACourseIsRefusedAndItStaysActive()
    {
        var id = await PublishedCourseAsync();
        var author = await SignedInAsync("author@demo.local");
        var learner = await SignedInAsync("learner@demo.local");

        using var byAuthor = await author.PostAsJsonAsync(Uri($"/v1/courses/{id}/archive"), new { reason = "mine now" });
        using var byLearner = await learner.PostAsJsonAsync(Uri($"/v1/courses/{id}/archive"), new { reason = "mine now" });

        Assert.Equal(HttpStatusCode.Forbidden, byAuthor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byLearner.StatusCode);
        Assert.Contains(await CatalogIdsAsync(learner), c => c == id);
        Assert.Equal("published", (await author.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{id}/versions")))[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task ArchivingWithoutAReasonIsRefusedAndTheCourseStaysInTheCatalog()
    {
        var id = await PublishedCourseAsync();
        var approver = await SignedInAsync("approver@demo.local");

        using var blank = await approver.PostAsJsonAsync(Uri($"/v1/courses/{id}/archive"), new { reason = " " });
        using var none = await approver.PostAsJsonAsync(Uri($"/v1/courses/{id}/archive"), new { });

        Assert.Equal((HttpStatusCode.BadRequest, "required"), (blank.StatusCode, await CodeAsync(blank)));
        Assert.Equal((HttpStatusCode.BadRequest, "required"), (none.StatusCode, await CodeAsync(none)));
        Assert.Contains(await CatalogIdsAsync(approver), c => c == id);
    }

    [Fact]
    public async Task AnArchivedPackageTakesNoNewEnrollmentsAndItsLearnersKeepTheirVersion()
    {
        var courseId = await PublishedCourseAsync();
        var approver = await SignedInAsync("approver@demo.local");
        var packageId = $"arch-{Guid.NewGuid():N}"[..16];
        (await approver.PostAsJsonAsync(Uri("/v1/packages"), new { id = packageId, name = "Retiring", requirement = new { set = "all", items = new[] { new { course = courseId } } } })).EnsureSuccessStatusCode();
        (await approver.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/publish"), new { changeNotes = "v1" })).EnsureSuccessStatusCode();
        var enrolled = await FreshLearners.SignedInAsync(factory.CreateClient);
        (await enrolled.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/enrollments"), new { })).EnsureSuccessStatusCode();

        using var courseInUse = await approver.PostAsJsonAsync(Uri($"/v1/courses/{courseId}/archive"), new { reason = "retired" });
        using var archived = await approver.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/archive"), new { reason = "Curriculum merged" });
        var newcomer = await FreshLearners.SignedInAsync(factory.CreateClient);
        using var refused = await newcomer.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/enrollments"), new { });

        Assert.Equal((HttpStatusCode.Conflict, "course_in_use"), (courseInUse.StatusCode, await CodeAsync(courseInUse)));
        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, "no_active_version"), (refused.StatusCode, await CodeAsync(refused)));
        var mine = await enrolled.GetFromJsonAsync<JsonElement>(Uri("/v1/me/enrollments"));
        Assert.Equal(1, mine.GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("packageId").GetString() == packageId).GetProperty("version").GetInt32());
        var theirs = await newcomer.GetFromJsonAsync<JsonElement>(Uri("/v1/me/enrollments"));
        Assert.DoesNotContain(theirs.GetProperty("packages").EnumerateArray(), p => p.GetProperty("packageId").GetString() == packageId);
        Assert.DoesNotContain((await newcomer.GetFromJsonAsync<JsonElement>(Uri("/v1/packages"))).EnumerateArray(), p => p.GetProperty("id").GetString() == packageId);
        var version = (await approver.GetFromJsonAsync<JsonElement>(Uri($"/v1/packages/{packageId}/versions")))[0];
        Assert.Equal(("archived", "Curriculum merged"), (version.GetProperty("status").GetString(), version.GetProperty("archiveReason").GetString()));
    }

    [Fact]
    public async Task ALearnerWhosePackageVersionNamesAnArchivedCourseStillFinishesItAndNobodyElseStartsIt()
    {
        var (retiring, replacement) = (await PublishedCourseAsync(), await PublishedCourseAsync());
        var approver = await SignedInAsync("approver@demo.local");
        var packageId = $"pin-{Guid.NewGuid():N}"[..16];
        (await approver.PostAsJsonAsync(Uri("/v1/packages"), new { id = packageId, name = "Pinned", requirement = new { set = "all", items = new[] { new { course = retiring } } } })).EnsureSuccessStatusCode();
        (await approver.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/publish"), new { changeNotes = "v1" })).EnsureSuccessStatusCode();
        var onVersion1 = await FreshLearners.SignedInAsync(factory.CreateClient);
        (await onVersion1.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/enrollments"), new { })).EnsureSuccessStatusCode();
        (await approver.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/versions"), new { })).EnsureSuccessStatusCode();
        (await approver.PutAsJsonAsync(Uri($"/v1/packages/{packageId}/draft"), new { name = "Pinned", requirement = new { set = "all", items = new[] { new { course = replacement } } } })).EnsureSuccessStatusCode();
        (await approver.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/publish"), new { changeNotes = "v2 replaces the course" })).EnsureSuccessStatusCode();
        var onVersion2 = await FreshLearners.SignedInAsync(factory.CreateClient);
        (await onVersion2.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/enrollments"), new { })).EnsureSuccessStatusCode();
        (await approver.PostAsJsonAsync(Uri($"/v1/courses/{retiring}/archive"), new { reason = "Replaced in v2" })).EnsureSuccessStatusCode();
        var outsider = await FreshLearners.SignedInAsync(factory.CreateClient);

        // The attacks: starting a retired course with no enrollment that needs it, or through a version that dropped it.
        using var byOutsider = await outsider.PostAsJsonAsync(Uri($"/v1/courses/{retiring}/start"), new { });
        using var byVersion2 = await onVersion2.PostAsJsonAsync(Uri($"/v1/courses/{retiring}/start"), new { });
        using var outsidersPage = await outsider.GetAsync(Uri($"/Learn/Course/{retiring}"));
        var pinnedPage = await onVersion1.GetDocumentAsync($"/Learn/Course/{retiring}");
        using var started = await onVersion1.PostAsJsonAsync(Uri($"/v1/courses/{retiring}/start"), new { });
        (await onVersion1.PostAsJsonAsync(Uri($"/v1/courses/{retiring}/progress/complete"), new { lessonId = "intro" })).EnsureSuccessStatusCode();
        (await onVersion1.PostAsJsonAsync(Uri($"/v1/courses/{retiring}/progress/complete"), new { lessonId = "outro" })).EnsureSuccessStatusCode();

        Assert.Equal((HttpStatusCode.Conflict, "no_active_version"), (byOutsider.StatusCode, await CodeAsync(byOutsider)));
        Assert.Equal((HttpStatusCode.Conflict, "no_active_version"), (byVersion2.StatusCode, await CodeAsync(byVersion2)));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(Uri($"/v1/courses/{retiring}/progress"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await onVersion2.GetAsync(Uri($"/v1/courses/{retiring}/progress"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outsidersPage.StatusCode);
        Assert.NotNull(pinnedPage.QuerySelector("#retired"));
        Assert.NotNull(pinnedPage.QuerySelector("#start"));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(1, (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        await LearnerSetup.EventuallyAsync(async () =>
        {
            var mine = await onVersion1.GetFromJsonAsync<JsonElement>(Uri("/v1/me/enrollments"));
            var enrollment = mine.GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("packageId").GetString() == packageId);
            return (enrollment.GetProperty("version").GetInt32(), enrollment.GetProperty("status").GetString()) == (1, "completed");
        }, "the version 1 learner's package completed with the retired course");
    }

    [Fact]
    public async Task APastEffectiveDateIsRefusedWithAMessageAndTheDraftStaysADraft()
    {
        var id = $"past-{Guid.NewGuid():N}"[..16];
        var approver = await SignedInAsync("approver@demo.local");
        (await approver.PostAsJsonAsync(Uri("/v1/courses"), Course(id))).EnsureSuccessStatusCode();

        using var refused = await approver.PostAsJsonAsync(Uri($"/v1/courses/{id}/publish"), new { changeNotes = "back-dated", effectiveDate = DateTimeOffset.UtcNow.AddDays(-2) });

        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(("effective_date_past", "effectiveDate"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
        Assert.Contains("has passed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("draft", (await approver.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{id}/versions")))[0].GetProperty("status").GetString());
        Assert.DoesNotContain(await CatalogIdsAsync(approver), c => c == id);
    }

    [Fact]
    public async Task OnlyAnApproverCancelsAScheduledPublishAndTheCancelIsAudited()
    {
        var id = await PublishedCourseAsync();
        var approver = await SignedInAsync("approver@demo.local");
        var author = await SignedInAsync("author@demo.local");
        (await approver.PutAsJsonAsync(Uri($"/v1/courses/{id}"), Course(id) with { Title = "Second edition" })).EnsureSuccessStatusCode();
        (await approver.PostAsJsonAsync(Uri($"/v1/courses/{id}/publish"), new { changeNotes = "v2", effectiveDate = DateTimeOffset.UtcNow.AddDays(7) })).EnsureSuccessStatusCode();

        using var byAuthor = await author.DeleteAsync(Uri($"/v1/courses/{id}/schedule"));
        var stillScheduled = (await author.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{id}/versions"))).EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == 2);
        using var cancelled = await approver.DeleteAsync(Uri($"/v1/courses/{id}/schedule?reason=Legal%20review"));
        using var again = await approver.DeleteAsync(Uri($"/v1/courses/{id}/schedule"));

        Assert.Equal(HttpStatusCode.Forbidden, byAuthor.StatusCode);
        Assert.True(stillScheduled.GetProperty("isScheduled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, "nothing_scheduled"), (again.StatusCode, await CodeAsync(again)));
        var versions = (await author.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{id}/versions"))).EnumerateArray().ToList();
        Assert.Equal([("published", true), ("archived", false)], versions.Select(v => (v.GetProperty("status").GetString(), v.GetProperty("isActive").GetBoolean())));
        Assert.Equal("Legal review", versions[1].GetProperty("archiveReason").GetString());
        Assert.Equal(2, (await EventsAsync(id, "publish_cancelled")).GetProperty("courseVersion").GetInt32());
    }

    [Fact]
    public async Task EveryoneEditsTheirOwnProfileAndAnUnknownTimeZoneChangesNothing()
    {
        var learner = await FreshLearners.SignedInAsync(factory.CreateClient);

        using var saved = await learner.PutAsJsonAsync(Uri("/v1/me/profile"), new { firstName = "Grace", lastName = "Hopper", bio = "Debugs.", imageUrl = "https://img.example.com/g.png", timeZone = "America/New_York" });
        using var refused = await learner.PutAsJsonAsync(Uri("/v1/me/profile"), new { firstName = "Eve", lastName = "Spy", timeZone = "Nowhere/Land" });
        var profile = await learner.GetFromJsonAsync<JsonElement>(Uri("/v1/me/profile"));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid"), (refused.StatusCode, await CodeAsync(refused)));
        Assert.Equal(("Grace Hopper", "Debugs.", "America/New_York"),
            (profile.GetProperty("displayName").GetString(), profile.GetProperty("bio").GetString(), profile.GetProperty("timeZone").GetString()));
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    /// <summary>The one audit event of <paramref name="kind"/> for the course, once it has landed (events leave the
    /// grain's outbox after its write).</summary>
    private async Task<JsonElement> EventsAsync(string courseId, string kind)
    {
        var admin = await SignedInAsync("admin@demo.local");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var events = (await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/events?courseId={courseId}&kind={kind}"))).GetProperty("events").EnumerateArray().ToList();
            if (events.Count > 0 || DateTime.UtcNow > deadline)
            {
                return Assert.Single(events);
            }

            await Task.Delay(200);
        }
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    private static async Task<List<string?>> CatalogIdsAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(Uri("/v1/courses"))).EnumerateArray().Select(c => c.GetProperty("id").GetString())];

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync(email);
        return client;
    }

    /// <summary>A course of two required lessons, published by the demo approver; answers its id.</summary>
    private async Task<string> PublishedCourseAsync()
    {
        var id = $"arc-{Guid.NewGuid():N}"[..16];
        var approver = await SignedInAsync("approver@demo.local");
        (await approver.PostAsJsonAsync(Uri("/v1/courses"), Course(id))).EnsureSuccessStatusCode();
        (await approver.PostAsJsonAsync(Uri($"/v1/courses/{id}/publish"), new { changeNotes = "v1" })).EnsureSuccessStatusCode();
        return id;
    }

    private static CourseBody Course(string id) => new(id, "Retiring course",
        [new ModuleBody("m", "Only module", [new LessonBody("intro", "Intro", "content", true, "Hello"), new LessonBody("outro", "Outro", "content", true, "Bye")])]);

    private sealed record CourseBody(string Id, string Title, ModuleBody[] Modules);

    private sealed record ModuleBody(string Id, string Title, LessonBody[] Lessons);

    private sealed record LessonBody(string Id, string Title, string Type, bool Required, string? Markdown);
}
