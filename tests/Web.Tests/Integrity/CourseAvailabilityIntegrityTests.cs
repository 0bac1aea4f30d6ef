using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Tests.Pages;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>A learner tries to start a course outside its dates through every route that starts one: the API answers
/// 409 course_not_available, the course page's form (posted by hand, as the page shows no button) shows why, and in
/// both cases the learner's record is what it was.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class CourseAvailabilityIntegrityTests(LocalModeFactory factory)
{
    [Fact]
    public async Task StartingACourseBeforeItOpensOrAfterItClosesIsRefusedOnEveryRouteAndChangesNothing()
    {
        using var admin = await Learners.AdminAsync(factory);
        var (learner, _) = await Learners.NewAsync(factory, admin);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var notYet = await LearnerSetup.PublishedCourseAsync(admin, "Not yet open", new { startDate = today.AddDays(2) });
        var closed = await LearnerSetup.PublishedCourseAsync(admin, "Closed", new { startDate = today.AddDays(-30), endDate = today.AddDays(-1) });
        var before = (await Learners.EnrollmentsJsonAsync(learner), await Learners.MyLearningAsync(learner));

        using var early = await learner.PostAsJsonAsync(Learners.Uri($"/v1/courses/{notYet}/start"), new { });
        using var late = await learner.PostAsJsonAsync(Learners.Uri($"/v1/courses/{closed}/start"), new { });
        var coursePage = await learner.GetDocumentAsync($"/Learn/Course/{closed}");
        using var posted = await learner.PostAsync(Learners.Uri($"/Learn/Course/{closed}?handler=Start"),
            new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", Token(await learner.GetDocumentAsync("/Learn/MyLearning")))]));
        var shown = await HtmlDocuments.ParseAsync(learner, posted);
        using var progress = await learner.GetAsync(Learners.Uri($"/v1/courses/{closed}/progress"));

        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.CourseNotAvailable), (early.StatusCode, await CodeAsync(early)));
        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.CourseNotAvailable), (late.StatusCode, await CodeAsync(late)));
        Assert.Null(coursePage.QuerySelector("button#start"));
        Assert.Contains("can no longer be started", shown.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, progress.StatusCode);
        Assert.Equal(before, (await Learners.EnrollmentsJsonAsync(learner), await Learners.MyLearningAsync(learner)));
        var events = await admin.GetFromJsonAsync<JsonElement>(Learners.Uri($"/v1/events?courseId={closed}&kind=course_started"));
        Assert.Equal(0, events.GetProperty("events").GetArrayLength());
    }

    private static string Token(AngleSharp.Dom.IDocument page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
}
