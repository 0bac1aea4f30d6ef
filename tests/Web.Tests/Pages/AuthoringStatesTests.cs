using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using CoursePortal.Web.Tests.Integrity;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>Issue 17's author pages through their real forms: the overview by state with inline actions, the archive
/// dialog, published versions read-only, cancelling a scheduled publish, a past effective date, instructors picked by
/// name, and the profile page.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class AuthoringStatesTests(LocalModeFactory factory)
{
    [Fact]
    public async Task TheOverviewListsEachCourseOnceUnderItsStateWithItsActionsInline()
    {
        var approver = await ApiAsync("approver@demo.local");
        var draftOnly = await CourseAsync(approver, publish: false);
        var active = await CourseAsync(approver);
        var scheduled = await CourseAsync(approver);
        (await approver.PutAsJsonAsync(Uri($"/v1/courses/{scheduled}"), Course(scheduled, "Second edition"))).EnsureSuccessStatusCode();
        (await approver.PostAsJsonAsync(Uri($"/v1/courses/{scheduled}/publish"), new { changeNotes = "v2", effectiveDate = DateTimeOffset.UtcNow.AddDays(5) })).EnsureSuccessStatusCode();
        var archived = await CourseAsync(approver);
        (await approver.PostAsJsonAsync(Uri($"/v1/courses/{archived}/archive"), new { reason = "retired" })).EnsureSuccessStatusCode();
        var asApprover = await PagesAsync("approver@demo.local");
        var asAuthor = await PagesAsync("author@demo.local");

        var page = await asApprover.GetDocumentAsync("/Author");
        var authorPage = await asAuthor.GetDocumentAsync("/Author");

        Assert.Equal(["Drafts", "Scheduled", "Active", "Archived"], page.QuerySelectorAll("#courses h3").Select(h => h.FirstChild!.TextContent.Trim()));
        Assert.Single(page.QuerySelectorAll($"#courses li[data-id={draftOnly}]"));
        Assert.NotNull(page.QuerySelector($"#courses-drafts li[data-id={draftOnly}] .action-publish"));
        Assert.NotNull(page.QuerySelector($"#courses-drafts li[data-id={draftOnly}] .action-discard"));
        Assert.NotNull(page.QuerySelector($"#courses-active li[data-id={active}] .action-archive"));
        Assert.NotNull(page.QuerySelector($"#courses-active li[data-id={active}] .action-new-version"));
        Assert.NotNull(page.QuerySelector($"#courses-active li[data-id={active}] .action-history"));
        Assert.NotNull(page.QuerySelector($"#courses-scheduled li[data-id={scheduled}] .action-cancel-scheduled"));
        Assert.NotNull(page.QuerySelector($"#courses-archived li[data-id={archived}] .action-new-version"));
        Assert.Null(page.QuerySelector($"#courses-archived li[data-id={archived}] .action-archive"));
        Assert.Null(authorPage.QuerySelector($"#courses-active li[data-id={active}] .action-archive"));
        Assert.Null(authorPage.QuerySelector($"#courses-scheduled li[data-id={scheduled}] .action-cancel-scheduled"));
        Assert.NotNull(page.QuerySelector("#packages-active"));

        // The inline "new version" of an archived course opens a draft copied from it: the revival.
        var editor = await asApprover.PostFormAsync(page, $"#courses-archived li[data-id={archived}] form.new-version");
        Assert.Equal("A new draft is open.", editor.QuerySelector("#status")?.TextContent);
        Assert.Contains("(based on v1)", editor.QuerySelector("#editing")!.TextContent, StringComparison.Ordinal);
        var after = await asApprover.GetDocumentAsync("/Author");
        Assert.NotNull(after.QuerySelector($"#courses-drafts li[data-id={archived}]"));
    }

    [Fact]
    public async Task AnApproverArchivesACourseFromTheEditorAfterTheDialogSaysHowManyLearnersAreMidWay()
    {
        var approverApi = await ApiAsync("approver@demo.local");
        var id = await CourseAsync(approverApi);
        var learner = await FreshLearners.SignedInAsync(factory.CreateClient);
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{id}/start"), new { })).EnsureSuccessStatusCode();
        var approver = await PagesAsync("approver@demo.local");

        var editor = await approver.GetDocumentAsync($"/Author/Courses/{id}");
        Assert.Equal($"/Author/Courses/{id}/Archive", editor.QuerySelector("#archive-link")!.GetAttribute("href"));
        IDocument dialog;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(dialog = await approver.GetDocumentAsync($"/Author/Courses/{id}/Archive")).QuerySelector("#mid-way")!.TextContent.Contains("1 learner is mid-way", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, dialog.QuerySelector("#mid-way")!.TextContent);
            await Task.Delay(200);
        }

        var noReason = await approver.PostFormAsync(dialog, "form#archive", new() { ["Input.Reason"] = "" });
        Assert.Contains("Say why", noReason.QuerySelector("span[data-valmsg-for='Input.Reason']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(await CatalogIdsAsync(approverApi), c => c == id);

        var done = await approver.PostFormAsync(noReason, "form#archive", new() { ["Input.Reason"] = "Merged into the new onboarding" });

        Assert.StartsWith("Version 1 is archived", done.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Merged into the new onboarding", done.QuerySelector("#archived-by")!.TextContent, StringComparison.Ordinal);
        Assert.Null(done.QuerySelector("#archive-link"));
        Assert.DoesNotContain(await CatalogIdsAsync(approverApi), c => c == id);
    }

    [Fact]
    public async Task AnApproverArchivesAPackageFromItsDialogWhichCountsItsEnrolledLearnersAndTheHistoryShowsWhy()
    {
        var approverApi = await ApiAsync("approver@demo.local");
        var courseId = await CourseAsync(approverApi);
        var packageId = $"pk-{Guid.NewGuid():N}"[..14];
        (await approverApi.PostAsJsonAsync(Uri("/v1/packages"), new { id = packageId, name = "Retiring package", requirement = new { set = "all", items = new[] { new { course = courseId } } } })).EnsureSuccessStatusCode();
        (await approverApi.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/publish"), new { changeNotes = "v1" })).EnsureSuccessStatusCode();
        var learner = await FreshLearners.SignedInAsync(factory.CreateClient);
        (await learner.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/enrollments"), new { })).EnsureSuccessStatusCode();
        var approver = await PagesAsync("approver@demo.local");

        IDocument dialog;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(dialog = await approver.GetDocumentAsync($"/Author/Packages/{packageId}/Archive")).QuerySelector("#mid-way")!.TextContent.Contains("1 learner is mid-way", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, dialog.QuerySelector("#mid-way")!.TextContent);
            await Task.Delay(200);
        }

        var done = await approver.PostFormAsync(dialog, "form#archive", new() { ["Input.Reason"] = "Curriculum merged" });
        var history = await approver.GetDocumentAsync($"/Author/Packages/{packageId}/History");

        Assert.StartsWith("Version 1 is archived", done.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("the package is archived", done.QuerySelector("#editing")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Curriculum merged", history.QuerySelector("#versions tr[data-version='1'] td.archived")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/Author/Packages/{packageId}?version=1", history.QuerySelector("#versions tr[data-version='1'] a")!.GetAttribute("href"));
        Assert.DoesNotContain((await learner.GetFromJsonAsync<JsonElement>(Uri("/v1/packages"))).EnumerateArray(), p => p.GetProperty("id").GetString() == packageId);
    }

    [Fact]
    public async Task AnAuthorWhoPostsTheArchiveFormIsTurnedAwayAndTheCourseStaysActive()
    {
        var id = await CourseAsync(await ApiAsync("approver@demo.local"));
        var author = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await author.SignInAsync("author@demo.local");
        var editor = await author.GetDocumentAsync($"/Author/Courses/{id}");
        var token = editor.QuerySelector("form#create-draft input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var dialog = await author.GetAsync(Uri($"/Author/Courses/{id}/Archive"));
        using var posted = await author.PostAsync(Uri($"/Author/Courses/{id}/Archive"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Reason"] = "I am not an approver", ["__RequestVerificationToken"] = token }));

        Assert.StartsWith("/Account/Denied", dialog.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.StartsWith("/Account/Denied", posted.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Null(editor.QuerySelector("#archive-link"));
        Assert.Contains(await CatalogIdsAsync(author), c => c == id);
    }

    [Fact]
    public async Task ThePublishDialogRefusesAPastEffectiveDateBesideTheFieldAndNothingIsPublished()
    {
        var id = await CourseAsync(await ApiAsync("approver@demo.local"), publish: false);
        var approver = await PagesAsync("approver@demo.local");
        var dialog = await approver.GetDocumentAsync($"/Author/Courses/{id}/Publish");

        var refused = await approver.PostFormAsync(dialog, "form#publish", new()
        {
            ["Input.ChangeNotes"] = "Back-dated", ["Input.EffectiveDate"] = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Contains("has passed", refused.QuerySelector("span[data-valmsg-for='Input.EffectiveDate']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("draft", (await approver.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{id}/versions")))[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnApproverCancelsAScheduledPublishFromTheEditorAndAnAuthorOnlySeesIt()
    {
        var approverApi = await ApiAsync("approver@demo.local");
        var id = await CourseAsync(approverApi);
        (await approverApi.PutAsJsonAsync(Uri($"/v1/courses/{id}"), Course(id, "Second edition"))).EnsureSuccessStatusCode();
        (await approverApi.PostAsJsonAsync(Uri($"/v1/courses/{id}/publish"), new { changeNotes = "v2", effectiveDate = DateTimeOffset.UtcNow.AddDays(2) })).EnsureSuccessStatusCode();
        var approver = await PagesAsync("approver@demo.local");
        var author = await PagesAsync("author@demo.local");

        var authorView = await author.GetDocumentAsync($"/Author/Courses/{id}");
        var editor = await approver.GetDocumentAsync($"/Author/Courses/{id}");
        var cancelled = await approver.PostFormAsync(editor, "form#cancel-scheduled", new() { ["reason"] = "Wrong date" });

        Assert.Contains("Version 2 is scheduled", authorView.QuerySelector("#scheduled")!.TextContent, StringComparison.Ordinal);
        Assert.Null(authorView.QuerySelector("form#cancel-scheduled"));
        Assert.StartsWith("The publish of version 2 is cancelled", cancelled.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
        Assert.Null(cancelled.QuerySelector("#scheduled"));
        var versions = await approverApi.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{id}/versions"));
        Assert.Equal([(1, true), (2, false)], versions.EnumerateArray().Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("isActive").GetBoolean())));
        Assert.Equal("Wrong date", versions[1].GetProperty("archiveReason").GetString());
    }

    [Fact]
    public async Task APublishedVersionShowsItsWholeContentReadOnlyWithWhoPublishedItAndADraftSaysWhatItIsBasedOn()
    {
        var approverApi = await ApiAsync("approver@demo.local");
        var id = await CourseAsync(approverApi);
        var packageId = $"ro-{Guid.NewGuid():N}"[..14];
        (await approverApi.PostAsJsonAsync(Uri("/v1/packages"), new
        {
            id = packageId, name = "Read-only package",
            requirement = new { set = "all", items = new object[] { new { course = id }, new { set = "atLeast", min = 1, name = "Pick one", items = new[] { new { course = "phishing-awareness", required = false } } } } },
        })).EnsureSuccessStatusCode();
        (await approverApi.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/publish"), new { changeNotes = "First" })).EnsureSuccessStatusCode();
        var me = await approverApi.GetFromJsonAsync<JsonElement>(Uri("/v1/me"));
        var (approverId, approverName) = (me.GetProperty("userId").GetString()!, me.GetProperty("displayName").GetString()!);
        var author = await PagesAsync("author@demo.local");

        var course = await author.GetDocumentAsync($"/Author/Courses/{id}");
        var package = await author.GetDocumentAsync($"/Author/Packages/{packageId}");
        var draft = await author.PostFormAsync(course, "form#create-draft");
        var olderVersion = await author.GetDocumentAsync($"/Author/Courses/{id}?version=1");

        Assert.Equal(["intro", "outro"], course.QuerySelectorAll("#version-content li.lesson").Select(l => l.GetAttribute("data-lesson-id")));
        // Who published it, by name (their id is the title, for an admin tracing it).
        Assert.Contains(approverName, course.QuerySelector("#published-by")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(approverId, course.QuerySelector("#published-by .actor")!.GetAttribute("title"));
        Assert.Null(course.QuerySelector("form#course-details"));
        Assert.Equal([id, "phishing-awareness"], package.QuerySelectorAll("#version-content .course-item").Select(c => c.GetAttribute("data-course-id")));
        Assert.Contains("Pick one", package.QuerySelector("#version-content .group-item")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(approverName, package.QuerySelector("#published-by")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Editing the draft, version 2 (based on v1)", draft.QuerySelector("#editing")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(draft.QuerySelector("form#course-details"));
        Assert.Equal("Version 1 (read-only)", olderVersion.QuerySelector("#viewed")!.TextContent);
        Assert.Null(olderVersion.QuerySelector("form#course-details"));
    }

    [Fact]
    public async Task AnAuthorPicksAnInstructorByNameFromASearchOverUsersAndRemovesThem()
    {
        var admin = await ApiAsync("admin@demo.local");
        var surname = $"Teach{Guid.NewGuid():N}"[..14];
        var created = await (await admin.PostAsJsonAsync(Uri("/v1/users"), new { email = $"{surname}@example.com", firstName = "Grace", lastName = surname, roles = new[] { "contributor" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var instructorId = created.GetProperty("userId").GetString()!;
        var id = await CourseAsync(await ApiAsync("approver@demo.local"), publish: false);
        var author = await PagesAsync("author@demo.local");

        var found = await author.GetDocumentAsync($"/Author/Courses/{id}?instructorQuery={surname}");
        var candidate = Assert.Single(found.QuerySelectorAll("#candidates li.candidate"));
        var added = await author.PostFormAsync(found, $"li.candidate[data-user-id='{instructorId}'] form");
        var draftAfterAdd = await author.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{id}?version=1"));
        var removed = await author.PostFormAsync(added, $"li.instructor[data-user-id='{instructorId}'] form");
        var draftAfterRemove = await author.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{id}?version=1"));

        Assert.Contains($"Grace {surname}", candidate.TextContent, StringComparison.Ordinal);
        Assert.Equal($"Grace {surname} is an instructor of this course.", added.QuerySelector("#status")?.TextContent);
        Assert.Contains($"Grace {surname}", added.QuerySelector($"li.instructor[data-user-id='{instructorId}']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal([instructorId], draftAfterAdd.GetProperty("instructors").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("Instructor removed.", removed.QuerySelector("#status")?.TextContent);
        Assert.Empty(draftAfterRemove.GetProperty("instructors").EnumerateArray());
        Assert.Null(found.QuerySelector("input[name='Input.Instructors']"));
    }

    [Fact]
    public async Task EveryoneEditsTheirOwnProfileOnTheProfilePageAndABadImageUrlChangesNothing()
    {
        var learner = await FreshLearners.SignedInAsync(factory.CreateClient);
        var home = await learner.GetDocumentAsync("/Learn/Catalog");
        Assert.Equal("/Account/Profile", home.QuerySelector("#signed-in-as")!.GetAttribute("href"));
        var page = await learner.GetDocumentAsync("/Account/Profile");

        var saved = await learner.PostFormAsync(page, "form#profile", new()
        {
            ["Input.FirstName"] = "Katherine", ["Input.LastName"] = "Johnson", ["Input.Bio"] = "Computes trajectories.", ["Input.TimeZone"] = "America/New_York",
        });
        var refused = await learner.PostFormAsync(saved, "form#profile", new() { ["Input.FirstName"] = "Mallory", ["Input.ImageUrl"] = "javascript:alert(1)" });
        var profile = await learner.GetFromJsonAsync<JsonElement>(Uri("/v1/me/profile"));

        Assert.Equal("Your profile is saved.", saved.QuerySelector("#status")?.TextContent);
        Assert.Equal("America/New_York", saved.QuerySelector("select[name='Input.TimeZone'] option[selected]")?.GetAttribute("value"));
        Assert.Contains("http", refused.QuerySelector("span[data-valmsg-for='Input.ImageUrl']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(("Katherine Johnson", "Computes trajectories.", "America/New_York"),
            (profile.GetProperty("displayName").GetString(), profile.GetProperty("bio").GetString(), profile.GetProperty("timeZone").GetString()));
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    private static async Task<List<string?>> CatalogIdsAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(Uri("/v1/courses"))).EnumerateArray().Select(c => c.GetProperty("id").GetString())];

    private async Task<HttpClient> ApiAsync(string email)
    {
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync(email);
        return client;
    }

    private async Task<HttpClient> PagesAsync(string email)
    {
        var client = factory.CreateClient();
        await client.SignInAsync(email);
        return client;
    }

    private static async Task<string> CourseAsync(HttpClient approver, bool publish = true)
    {
        var id = $"st-{Guid.NewGuid():N}"[..14];
        (await approver.PostAsJsonAsync(Uri("/v1/courses"), Course(id, "States course"))).EnsureSuccessStatusCode();
        if (publish)
        {
            (await approver.PostAsJsonAsync(Uri($"/v1/courses/{id}/publish"), new { changeNotes = "v1" })).EnsureSuccessStatusCode();
        }

        return id;
    }

    private static object Course(string id, string title) => new
    {
        id, title,
        modules = new[] { new { id = "m", title = "Only module", lessons = new[] { new { id = "intro", title = "Intro", type = "content", required = true, markdown = "Hi" }, new { id = "outro", title = "Outro", type = "content", required = true, markdown = "Bye" } } } },
    };
}
