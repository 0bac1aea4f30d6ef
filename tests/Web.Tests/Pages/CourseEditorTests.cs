using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>The course editor through its real forms: every change is one post, the result is read back from the API.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class CourseEditorTests(LocalModeFactory factory)
{
    private async Task<(HttpClient Author, string Id, IDocument Editor)> NewCourseAsync()
    {
        var id = $"ed-{Guid.NewGuid():N}"[..14];
        var author = factory.CreateClient();
        await author.SignInAsync("author@demo.local");
        var form = await author.GetDocumentAsync("/Author/Courses/New");
        var editor = await author.PostFormAsync(form, "form#new-course", new() { ["Input.Id"] = id, ["Input.Title"] = "Editor course" });
        return (author, id, editor);
    }

    private static async Task<JsonElement> DraftAsync(HttpClient client, string id, int version = 1) =>
        await client.GetFromJsonAsync<JsonElement>(new Uri($"/v1/courses/{id}?version={version}", UriKind.Relative));

    [Fact]
    public async Task AnAuthorBuildsACourseWithEveryLessonTypeThroughTheForms()
    {
        var (author, id, editor) = await NewCourseAsync();
        editor = await author.PostFormAsync(editor, "form#add-module", new() { ["moduleTitle"] = "Basics" });
        editor = await author.PostFormAsync(editor, "form#add-module", new() { ["moduleTitle"] = "Check" });
        editor = await author.PostFormAsync(editor, "form#course-details", new() { ["Input.Tags"] = "security, basics", ["Input.ProductSuite"] = "Suite" });

        var lessons = new (string Module, Dictionary<string, string> Fields)[]
        {
            ("basics", new() { ["Input.Title"] = "Read me", ["Input.Type"] = "Content", ["Input.Markdown"] = "# Hello" }),
            ("basics", new() { ["Input.Title"] = "Watch me", ["Input.Type"] = "Video", ["Input.VideoUrl"] = "https://www.youtube.com/watch?v=abc" }),
            ("basics", new() { ["Input.Title"] = "Policy", ["Input.Type"] = "Document", ["Input.DocumentUrl"] = "https://example.com/policy.pdf", ["Input.FileName"] = "policy.pdf" }),
            ("check", new()
            {
                ["Input.Title"] = "Quiz", ["Input.Type"] = "Assessment", ["Input.PassMark"] = "50",
                ["Input.Questions[0].Text"] = "Is phishing bad?", ["Input.Questions[0].Options[0].Text"] = "Yes", ["Input.Questions[0].Options[0].Correct"] = "true",
                ["Input.Questions[0].Options[1].Text"] = "No",
            }),
        };
        foreach (var (module, fields) in lessons)
        {
            var lessonPage = await author.GetDocumentAsync($"/Author/Courses/{id}/Lessons?moduleId={module}");
            editor = await author.PostFormAsync(lessonPage, "form#lesson-form", fields);
            Assert.True($"Lesson '{fields["Input.Title"]}' saved." == editor.QuerySelector("#status")?.TextContent, HtmlDocuments.Problems(editor));
        }

        // Reorder and remove through the buttons' forms.
        editor = await author.PostFormAsync(editor, "li[data-lesson-id=policy] form[action*=MoveLesson]:first-of-type");
        editor = await author.PostFormAsync(editor, "li[data-lesson-id=policy] form[action*=MoveLesson]:first-of-type");
        editor = await author.PostFormAsync(editor, "li[data-lesson-id=watch-me] form[action*=RemoveLesson]");
        editor = await author.PostFormAsync(editor, "section[data-module-id=check] form[action*=MoveModule]:first-of-type");

        var draft = await DraftAsync(author, id);
        Assert.Equal(["check", "basics"], draft.GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(["policy", "read-me"], draft.GetProperty("modules")[1].GetProperty("lessons").EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        var quiz = draft.GetProperty("modules")[0].GetProperty("lessons")[0];
        Assert.Equal("assessment", quiz.GetProperty("type").GetString());
        var question = Assert.Single(quiz.GetProperty("questions").EnumerateArray());
        Assert.Equal([("Yes", true), ("No", false)], question.GetProperty("options").EnumerateArray().Select(o => (o.GetProperty("text").GetString(), o.GetProperty("correct").GetBoolean())));
        Assert.Equal(["security", "basics"], draft.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        // Editing the quiz adds a second question in the blank slot and keeps the first one's id.
        var quizPage = await author.GetDocumentAsync($"/Author/Courses/{id}/Lessons/quiz");
        await author.PostFormAsync(quizPage, "form#lesson-form", new()
        {
            ["Input.Questions[1].Text"] = "Pick the two safe habits", ["Input.Questions[1].Multiple"] = "true",
            ["Input.Questions[1].Options[0].Text"] = "Check the sender", ["Input.Questions[1].Options[0].Correct"] = "true",
            ["Input.Questions[1].Options[1].Text"] = "Report it", ["Input.Questions[1].Options[1].Correct"] = "true",
            ["Input.Questions[1].Options[2].Text"] = "Click the link",
        });
        var questions = (await DraftAsync(author, id)).GetProperty("modules")[0].GetProperty("lessons")[0].GetProperty("questions");
        Assert.Equal(["q1", "q2"], questions.EnumerateArray().Select(q => q.GetProperty("id").GetString()));
        Assert.True(questions[1].GetProperty("multiple").GetBoolean());
    }

    [Fact]
    public async Task InvalidLessonsAreRefusedWithTheMessageBesideTheFieldAndNothingChanges()
    {
        var (author, id, editor) = await NewCourseAsync();
        await author.PostFormAsync(editor, "form#add-module", new() { ["moduleTitle"] = "Only" });
        var before = await DraftAsync(author, id);

        var lessonPage = await author.GetDocumentAsync($"/Author/Courses/{id}/Lessons?moduleId=only");
        var video = await author.PostFormAsync(lessonPage, "form#lesson-form", new() { ["Input.Title"] = "Clip", ["Input.Type"] = "Video", ["Input.VideoUrl"] = "javascript:alert(1)" });
        var quiz = await author.PostFormAsync(lessonPage, "form#lesson-form", new()
        {
            ["Input.Title"] = "Quiz", ["Input.Type"] = "Assessment", ["Input.PassMark"] = "150",
            ["Input.Questions[0].Text"] = "No right answer", ["Input.Questions[0].Options[0].Text"] = "A", ["Input.Questions[0].Options[1].Text"] = "B",
        });

        Assert.NotEmpty(video.QuerySelector("[data-valmsg-for='Input.VideoUrl']")!.TextContent.Trim());
        Assert.NotEmpty(quiz.QuerySelector("[data-valmsg-for='Input.PassMark']")!.TextContent.Trim());
        Assert.Contains(quiz.QuerySelectorAll(".field-error, #errors li"), e => e.TextContent.Contains("correct", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("javascript:alert(1)", ((IHtmlInputElement)video.QuerySelector("[name='Input.VideoUrl']")!).Value);
        Assert.Equal(before.GetRawText(), (await DraftAsync(author, id)).GetRawText());
    }

    [Fact]
    public async Task AnAuthorSetsAnAssessmentsAttemptsPolicyAndOutOfRangeValuesAreRefusedBesideTheirFields()
    {
        var (author, id, editor) = await NewCourseAsync();
        await author.PostFormAsync(editor, "form#add-module", new() { ["moduleTitle"] = "Check" });
        var quizFields = new Dictionary<string, string>
        {
            ["Input.Title"] = "Quiz", ["Input.Type"] = "Assessment", ["Input.PassMark"] = "50",
            ["Input.Questions[0].Text"] = "Is phishing bad?", ["Input.Questions[0].Options[0].Text"] = "Yes", ["Input.Questions[0].Options[0].Correct"] = "true",
            ["Input.Questions[0].Options[1].Text"] = "No",
        };
        var lessonPage = await author.GetDocumentAsync($"/Author/Courses/{id}/Lessons?moduleId=check");
        await author.PostFormAsync(lessonPage, "form#lesson-form", new(quizFields) { ["Input.MaxAttempts"] = "3", ["Input.MinutesBetweenAttempts"] = "120" });
        var saved = await DraftAsync(author, id);

        var quizPage = await author.GetDocumentAsync($"/Author/Courses/{id}/Lessons/quiz");
        var refused = await author.PostFormAsync(quizPage, "form#lesson-form", new() { ["Input.MaxAttempts"] = "0", ["Input.MinutesBetweenAttempts"] = "-5" });

        var quiz = saved.GetProperty("modules")[0].GetProperty("lessons")[0];
        Assert.Equal((3, 120), (quiz.GetProperty("maxAttempts").GetInt32(), quiz.GetProperty("minutesBetweenAttempts").GetInt32()));
        Assert.Equal("3", ((IHtmlInputElement)quizPage.QuerySelector("[name='Input.MaxAttempts']")!).Value);
        Assert.Contains("1 to", refused.QuerySelector("[data-valmsg-for='Input.MaxAttempts']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("0 to", refused.QuerySelector("[data-valmsg-for='Input.MinutesBetweenAttempts']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(saved.GetRawText(), (await DraftAsync(author, id)).GetRawText());
    }

    [Fact]
    public async Task AChangeMadeOnAStaleFormIsRefusedInsteadOfOverwritingSomeoneElsesSave()
    {
        var (author, id, editor) = await NewCourseAsync();
        var other = factory.CreateClient();
        await other.SignInAsync("approver@demo.local");
        var otherEditor = await other.GetDocumentAsync($"/Author/Courses/{id}");
        await author.PostFormAsync(editor, "form#add-module", new() { ["moduleTitle"] = "Mine" });

        var refused = await other.PostFormAsync(otherEditor, "form#add-module", new() { ["moduleTitle"] = "Theirs" });

        Assert.Contains("saved this draft after you opened it", refused.QuerySelector("#errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["mine"], (await DraftAsync(author, id)).GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task AnApproverPublishesFromTheDialogAndTheHistoryShowsTheChanges()
    {
        var (author, id, editor) = await NewCourseAsync();
        await author.PostFormAsync(editor, "form#add-module", new() { ["moduleTitle"] = "M" });
        var approver = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true });
        await approver.SignInAsync("approver@demo.local");

        // Not publishable yet: no required lesson. The dialog says so and keeps the button off.
        var dialog = await approver.GetDocumentAsync($"/Author/Courses/{id}/Publish");
        Assert.Contains("at least one required lesson", dialog.QuerySelector("#problems")!.TextContent, StringComparison.Ordinal);
        Assert.True(dialog.QuerySelector("form#publish button[type=submit]")!.HasAttribute("disabled"));

        var lessonPage = await author.GetDocumentAsync($"/Author/Courses/{id}/Lessons?moduleId=m");
        await author.PostFormAsync(lessonPage, "form#lesson-form", new() { ["Input.Title"] = "L", ["Input.Type"] = "Content", ["Input.Markdown"] = "Body" });
        dialog = await approver.GetDocumentAsync($"/Author/Courses/{id}/Publish");
        var withoutNotes = await approver.PostFormAsync(dialog, "form#publish", new() { ["Input.ChangeNotes"] = "" });
        Assert.NotEmpty(withoutNotes.QuerySelector("[data-valmsg-for='Input.ChangeNotes']")!.TextContent.Trim());
        var published = await approver.PostFormAsync(dialog, "form#publish", new() { ["Input.ChangeNotes"] = "First release" });
        Assert.True(published.QuerySelector("#status")?.TextContent == "Version 1 is published and active.", HtmlDocuments.Problems(published));

        // A second version: a learner starts v1 first, so the dialog counts them.
        var learner = factory.CreateClient();
        await learner.SignInThroughApiAsync("learner@demo.local");
        (await learner.PostAsync(new Uri($"/v1/courses/{id}/start", UriKind.Relative), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        var v1Editor = await author.GetDocumentAsync($"/Author/Courses/{id}");
        var v2Editor = await author.PostFormAsync(v1Editor, "form#create-draft");
        await author.PostFormAsync(v2Editor, "form#course-details", new() { ["Input.Title"] = "Editor course, revised" });
        dialog = await approver.GetDocumentAsync($"/Author/Courses/{id}/Publish");
        Assert.Contains("1 learner(s) started version 1", dialog.QuerySelector("#active-learners")!.TextContent, StringComparison.Ordinal);

        var history = await author.GetDocumentAsync($"/Author/Courses/{id}/History?from=1&to=2");
        Assert.Contains("Editor course, revised", history.QuerySelector("#diff")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, history.QuerySelectorAll("#versions tbody tr").Length);
        var versions = await author.GetFromJsonAsync<JsonElement>(new Uri($"/v1/courses/{id}/versions", UriKind.Relative));
        Assert.Equal(1, versions[0].GetProperty("learnerCount").GetInt32());

        var preview = await author.GetDocumentAsync($"/Author/Courses/{id}/Preview");
        Assert.Equal("L", preview.QuerySelector("#lesson h1")?.TextContent);
        Assert.Contains("version 2", preview.QuerySelector("#preview-note")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LearnersCannotOpenTheEditorAndContributorsCannotOpenThePublishDialog()
    {
        var (author, id, _) = await NewCourseAsync();
        var noRedirect = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false };
        var learner = factory.CreateClient(noRedirect);
        await learner.SignInAsync("learner@demo.local");
        var contributor = factory.CreateClient(noRedirect);
        await contributor.SignInAsync("author@demo.local");

        using var editor = await learner.GetAsync(new Uri($"/Author/Courses/{id}", UriKind.Relative));
        using var publish = await contributor.GetAsync(new Uri($"/Author/Courses/{id}/Publish", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, editor.StatusCode);
        Assert.StartsWith("/Account/Denied", editor.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
        Assert.StartsWith("/Account/Denied", publish.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.NotNull(author);
    }

    [Fact]
    public async Task AutoSaveAnswersTheNewRevisionAndRefusesAStaleOneWithTheReason()
    {
        var (author, id, editor) = await NewCourseAsync();
        var form = (IHtmlFormElement)editor.QuerySelector("form#course-details")!;
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name) && i.Type != "checkbox")
            .DistinctBy(i => i.Name).ToDictionary(i => i.Name!, i => i.Value);
        fields["Input.Title"] = "Saved by the script";

        async Task<(HttpStatusCode, JsonElement)> SaveAsync(Dictionary<string, string> values)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(form.GetAttribute("action")!, UriKind.Relative)) { Content = new FormUrlEncodedContent(values) };
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await author.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        var (first, saved) = await SaveAsync(fields);
        var (second, refused) = await SaveAsync(fields);
        fields["revision"] = saved.GetProperty("revision").GetString()!;
        fields["Input.Title"] = "Saved again";
        var (third, _) = await SaveAsync(fields);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.BadRequest, second);
        Assert.Contains("saved this draft after you opened it", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, third);
        Assert.Equal("Saved again", (await DraftAsync(author, id)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task AnUnknownCourseShowsTheErrorPageWith404AndTheReason()
    {
        var author = factory.CreateClient();
        await author.SignInAsync("author@demo.local");

        using var response = await author.GetAsync(new Uri("/Author/Courses/no-such-course", UriKind.Relative));
        var page = await HtmlDocuments.ParseAsync(author, response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Course 'no-such-course' does not exist.", page.QuerySelector("#reason")?.TextContent);
    }
}
