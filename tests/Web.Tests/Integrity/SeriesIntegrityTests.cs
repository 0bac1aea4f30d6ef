using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using static CoursePortal.Web.Tests.Integrity.Learners;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>A learner enrolled in a package with a series tries to skip ahead: starting the later course from the API
/// without a package id, or from the course page's own start form. Each is refused and nothing is stored.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class SeriesIntegrityTests(LocalModeFactory factory)
{
    private const string First = "password-security";
    private const string Locked = "phishing-awareness";

    private async Task<(HttpClient Admin, HttpClient Learner, string UserId, string PackageId)> EnrolledInASeriesAsync()
    {
        var admin = await AdminAsync(factory);
        var packageId = await PublishedPackageAsync(admin, new
        {
            set = "all",
            items = new object[] { new { set = "allInOrder", name = "Security path", items = new[] { new { course = First }, new { course = Locked } } } },
        });
        var (learner, userId) = await NewAsync(factory, admin);
        (await learner.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/enrollments"), new { })).EnsureSuccessStatusCode();
        return (admin, learner, userId, packageId);
    }

    [Fact]
    public async Task StartingALockedCourseThroughTheApiWithoutAPackageIdIsRefusedAndStoresNothing()
    {
        var (admin, learner, userId, packageId) = await EnrolledInASeriesAsync();
        var enrollmentsBefore = await EnrollmentsJsonAsync(learner);
        var pageBefore = await MyLearningAsync(learner);

        using var start = await learner.PostAsync(Uri($"/v1/courses/{Locked}/start"), JsonContent.Create(new { }));
        var problem = await start.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Conflict, start.StatusCode);
        Assert.Equal("locked_in_series", problem.GetProperty("code").GetString());
        Assert.Contains(packageId, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(First, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(admin, learner, userId, enrollmentsBefore, pageBefore);
    }

    [Fact]
    public async Task StartingALockedCourseFromTheCoursePageFormIsRefusedOnThePageAndStoresNothing()
    {
        var (admin, learner, userId, packageId) = await EnrolledInASeriesAsync();
        var enrollmentsBefore = await EnrollmentsJsonAsync(learner);
        var pageBefore = await MyLearningAsync(learner);
        var coursePage = await learner.GetDocumentAsync($"/Learn/Course/{Locked}");

        using var submitted = await learner.SubmitAsync(((IHtmlButtonElement)coursePage.QuerySelector("#start")!).Form!, new Dictionary<string, string>());
        var answer = await HtmlDocuments.ParseAsync(learner, submitted);

        Assert.Equal($"/Learn/Course/{Locked}", submitted.RequestMessage!.RequestUri!.AbsolutePath);
        var status = answer.QuerySelector("#status")?.TextContent ?? "";
        Assert.Contains("locked", status, StringComparison.Ordinal);
        Assert.Contains(packageId, status, StringComparison.Ordinal);
        Assert.Contains(First, status, StringComparison.Ordinal);
        await AssertNothingStoredAsync(admin, learner, userId, enrollmentsBefore, pageBefore);
    }

    [Fact]
    public async Task TheLockedCourseStartsOnceItsPredecessorIsComplete()
    {
        var (_, learner, _, packageId) = await EnrolledInASeriesAsync();
        (await learner.PostAsync(Uri($"/v1/courses/{First}/start"), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        foreach (var lessonId in new[] { "pass-phrases", "mfa" })
        {
            (await learner.PostAsJsonAsync(Uri($"/v1/courses/{First}/progress/complete"), new { lessonId })).EnsureSuccessStatusCode();
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpResponseMessage start;
        // The completion reaches the package enrollment off the learner's request path.
        while ((start = await learner.PostAsync(Uri($"/v1/courses/{Locked}/start"), JsonContent.Create(new { }))).StatusCode == HttpStatusCode.Conflict
            && DateTime.UtcNow < deadline)
        {
            start.Dispose();
            await Task.Delay(100);
        }

        using (start)
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        }

        Assert.Contains(packageId, await EnrollmentsJsonAsync(learner), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACourseCompletedBeforeItsPredecessorDoesNotCountAndTheLearnerIsToldWhy()
    {
        var admin = await AdminAsync(factory);
        var (learner, _) = await NewAsync(factory, admin);
        // The later course of the series first, before the learner is even enrolled.
        (await learner.PostAsync(Uri($"/v1/courses/{First}/start"), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        foreach (var lessonId in new[] { "pass-phrases", "mfa" })
        {
            (await learner.PostAsJsonAsync(Uri($"/v1/courses/{First}/progress/complete"), new { lessonId })).EnsureSuccessStatusCode();
        }

        var packageId = await PublishedPackageAsync(admin, new
        {
            set = "all",
            items = new object[] { new { set = "allInOrder", name = "Security path", items = new[] { new { course = Locked }, new { course = First } } } },
        });
        (await learner.PostAsJsonAsync(Uri($"/v1/packages/{packageId}/enrollments"), new { })).EnsureSuccessStatusCode();

        // The completion reaches the package enrollment off the learner's request path.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonElement later;
        while ((later = Node(await learner.GetFromJsonAsync<JsonElement>(Uri("/v1/me/enrollments")), packageId, First))
            .TryGetProperty("completedOutOfOrder", out var marked) is false || !marked.GetBoolean())
        {
            Assert.True(DateTime.UtcNow < deadline, $"'{First}' was never marked completed out of order: {later}");
            await Task.Delay(100);
        }

        Assert.Equal("locked", later.GetProperty("state").GetString());
        var page = await learner.GetDocumentAsync("/Learn/MyLearning");
        var item = page.QuerySelectorAll($"li.requirement-course[data-course-id='{First}']").Single(li => li.QuerySelector(".out-of-order") is not null);
        Assert.Contains("does not count", item.QuerySelector(".out-of-order")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"li.requirement-course[data-course-id='{Locked}'] .out-of-order"));
    }

    private static JsonElement Node(JsonElement enrollments, string packageId, string courseId)
    {
        var package = enrollments.GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("packageId").GetString() == packageId);
        return Flatten(package.GetProperty("root")).Single(n => n.TryGetProperty("course", out var c) && c.GetString() == courseId);

        static IEnumerable<JsonElement> Flatten(JsonElement node) =>
            node.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
                ? items.EnumerateArray().SelectMany(Flatten).Prepend(node)
                : [node];
    }

    /// <summary>No progress, the same enrollments and page, and no course_started event: the learner's next start (of
    /// the open course) is waited for in the audit trail, and the refused one must not be there beside it.</summary>
    private static async Task AssertNothingStoredAsync(HttpClient admin, HttpClient learner, string userId, string enrollmentsBefore, string pageBefore)
    {
        using var progress = await learner.GetAsync(Uri($"/v1/courses/{Locked}/progress"));
        Assert.Equal(HttpStatusCode.NotFound, progress.StatusCode);
        Assert.Equal(enrollmentsBefore, await EnrollmentsJsonAsync(learner));
        Assert.Equal(pageBefore, await MyLearningAsync(learner));

        (await learner.PostAsync(Uri($"/v1/courses/{First}/start"), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonElement events;
        while (!(events = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/events?userId={userId}&kind=course_started"))).GetProperty("events")
            .EnumerateArray().Any(e => e.GetProperty("courseId").GetString() == First))
        {
            Assert.True(DateTime.UtcNow < deadline, "the open course's start never reached the audit trail");
            await Task.Delay(100);
        }

        Assert.DoesNotContain(events.GetProperty("events").EnumerateArray(), e => e.GetProperty("courseId").GetString() == Locked);
    }
}
