using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Tests.Pages;

[Collection(LocalModeCollection.Name)]
public sealed class LearnPagesTests(LocalModeFactory factory)
{
    [Fact]
    public async Task ALearnerStartsACourseCompletesALessonAndPassesTheAssessmentWithPlainForms()
    {
        var client = factory.CreateClient();
        await client.SignInAsync("approver@demo.local");

        var coursePage = await client.GetDocumentAsync("/Learn/Course/phishing-awareness");
        using var started = await client.SubmitAsync((IHtmlFormElement)coursePage.QuerySelector("button#start")!.Closest("form")!, new Dictionary<string, string>());
        var player = await HtmlDocuments.ParseAsync(client, started);
        using var completed = await client.SubmitAsync((IHtmlFormElement)player.QuerySelector("form#complete")!, new Dictionary<string, string>());
        var next = await HtmlDocuments.ParseAsync(client, completed);
        var quiz = await client.GetDocumentAsync("/Learn/Player/phishing-awareness/quiz");
        using var attempted = await client.SubmitAsync((IHtmlFormElement)quiz.QuerySelector("form#assessment")!, new Dictionary<string, string> { ["q:report"] = "report" });
        var result = await HtmlDocuments.ParseAsync(client, attempted);

        Assert.Equal("What phishing is", player.QuerySelector("#lesson h1")!.TextContent);
        Assert.Equal("Red flags", next.QuerySelector("#lesson h1")!.TextContent);
        Assert.Contains("What phishing is ✓", next.QuerySelector("nav[aria-label=Lessons]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Passed with 100 %", result.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScriptInTitlesAndBodiesRendersInert()
    {
        var id = $"xss-{Guid.NewGuid():N}"[..16];
        var author = factory.CreateClient();
        await author.SignInThroughApiAsync("admin@demo.local");
        await author.PostAsJsonAsync(new Uri("/v1/courses", UriKind.Relative), new
        {
            id,
            title = "<script>alert('title')</script>",
            modules = new[]
            {
                new
                {
                    id = "m", title = "M",
                    lessons = new[]
                    {
                        new { id = "l", title = "<img src=x onerror=alert(1)>", type = "content", required = true,
                              markdown = "Hello <script>alert('body')</script> [click](javascript:alert(1)) <b onmouseover=alert(2)>bold</b>" },
                    },
                },
            },
        });
        await author.PostAsJsonAsync(new Uri($"/v1/courses/{id}/publish", UriKind.Relative), new { changeNotes = "x" });
        await author.PostAsJsonAsync(new Uri($"/v1/courses/{id}/start", UriKind.Relative), new { });

        var course = await author.GetDocumentAsync($"/Learn/Course/{id}");
        var player = await author.GetDocumentAsync($"/Learn/Player/{id}/l");

        Assert.Empty(course.QuerySelectorAll("main script"));
        Assert.Contains("<script>alert('title')</script>", course.QuerySelector("main h1")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(player.QuerySelectorAll("main script, main img, main b"));
        Assert.All(player.QuerySelectorAll(".lesson-body a"), a => Assert.DoesNotContain("javascript", a.GetAttribute("href") ?? "", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("<script>alert('body')</script>", player.QuerySelector(".lesson-body")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCoursePageShowsItsInstructorsNameBioAndImage()
    {
        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        var me = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri("/v1/me", UriKind.Relative));
        var adminId = me.GetProperty("userId").GetString()!;
        var grains = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IGrainFactory>(factory.Services);
        await grains.GetGrain<Grains.Abstractions.Users.IUserGrain>(Grains.Abstractions.Common.GrainKeys.User(adminId))
            .UpdateProfileAsync(new Grains.Abstractions.Users.ProfileUpdate("Adam", "Demo", "Dr. Adam Demo", "https://img.example.com/adam.png", "Teaches security since 2001."));
        var id = $"taught-{Guid.NewGuid():N}"[..16];
        await admin.PostAsJsonAsync(new Uri("/v1/courses", UriKind.Relative), new
        {
            id, title = "Taught", instructors = new[] { adminId, "no-such-user" },
            modules = new[] { new { id = "m", title = "M", lessons = new[] { new { id = "l", title = "L", type = "content", required = true, markdown = "x" } } } },
        });
        await admin.PostAsJsonAsync(new Uri($"/v1/courses/{id}/publish", UriKind.Relative), new { changeNotes = "x" });

        var page = await admin.GetDocumentAsync($"/Learn/Course/{id}");

        var instructor = Assert.Single(page.QuerySelectorAll(".instructor"));
        Assert.Contains("Dr. Adam Demo", instructor.TextContent, StringComparison.Ordinal);
        Assert.Contains("Teaches security since 2001.", instructor.TextContent, StringComparison.Ordinal);
        Assert.Equal("https://img.example.com/adam.png", instructor.QuerySelector("img")!.GetAttribute("src"));
    }

    [Fact]
    public async Task AnUnknownCourseIsNotFound()
    {
        var client = factory.CreateClient();
        await client.SignInAsync("learner@demo.local");

        using var response = await client.GetAsync(new Uri("/Learn/Course/no-such-course", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("https://www.youtube.com/watch?v=abc123", "https://www.youtube-nocookie.com/embed/abc123")]
    [InlineData("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871")]
    [InlineData("https://evil.example.com/video.mp4", null)]
    [InlineData("http://www.youtube.com/watch?v=abc123", null)]
    public void OnlyAllowListedVideoHostsAreEmbedded(string url, string? embed) => Assert.Equal(embed, LessonRendering.EmbedUrl(url));
}
