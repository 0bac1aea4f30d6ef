using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>The package editor through its real forms: groups, rules, required flags, order, the library, publish and preview.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class PackageEditorTests(LocalModeFactory factory)
{
    /// <summary>Four published courses of this test's own, so trees never collide with other tests' data.</summary>
    private static async Task<string[]> PublishedCoursesAsync(HttpClient approver, string prefix)
    {
        var ids = Enumerable.Range(1, 4).Select(i => $"{prefix}-c{i}").ToArray();
        foreach (var id in ids)
        {
            var course = new { id, title = $"Course {id}", modules = new[] { new { id = "m", title = "M", lessons = new[] { new { id = "l", title = "L", type = "content", required = true, markdown = "x" } } } } };
            (await approver.PostAsJsonAsync(new Uri("/v1/courses", UriKind.Relative), course)).EnsureSuccessStatusCode();
            (await approver.PostAsJsonAsync(new Uri($"/v1/courses/{id}/publish", UriKind.Relative), new { changeNotes = "v1" })).EnsureSuccessStatusCode();
        }

        return ids;
    }

    [Fact]
    public async Task AnAuthorBuildsAChoiceAndASeriesAndAnApproverPublishesIt()
    {
        var id = $"pk-{Guid.NewGuid():N}"[..12];
        var approver = factory.CreateClient();
        await approver.SignInAsync("approver@demo.local");
        var c = await PublishedCoursesAsync(approver, id);
        var author = factory.CreateClient();
        await author.SignInAsync("author@demo.local");

        var form = await author.GetDocumentAsync("/Author/Packages/New");
        var editor = await author.PostFormAsync(form, "form#new-package", new() { ["Input.Id"] = id, ["Input.Name"] = "Built in the editor", ["Input.CourseIds"] = c[0] });
        editor = await author.PostFormAsync(editor, "#requirement > .requirement-set > details > form.add-group", new()
        {
            ["groupName"] = "Electives", ["mode"] = "AtLeast", ["min"] = "2", ["courseIds"] = $"{c[1]}|{c[2]}|{c[3]}",
        });
        // An impossible rule is refused on the group itself, and nothing is saved.
        var refused = await author.PostFormAsync(editor, "[data-path='1'] form.set-form", new() { ["name"] = "Electives", ["mode"] = "AtLeast", ["min"] = "5" });
        Assert.Contains("number from 1 to 3", refused.QuerySelector("[data-path='1'] .node-errors")!.TextContent, StringComparison.Ordinal);
        // Electives start optional; one becomes required. Then the choice moves above the first course.
        editor = await author.PostFormAsync(editor, $"[data-path='1.0'] form.course-form", new() { ["required"] = "true" });
        editor = await author.PostFormAsync(editor, "li[data-path='1'] > div > form[action*=Move]");
        editor = await author.PostFormAsync(editor, "#requirement > .requirement-set > details > form.add-group", new() { ["groupName"] = "Series", ["mode"] = "AllInOrder", ["courseIds"] = $"{c[2]}|{c[3]}" });

        var draft = await author.GetFromJsonAsync<JsonElement>(new Uri($"/v1/packages/{id}?version=1", UriKind.Relative));
        var root = draft.GetProperty("requirement");
        Assert.Equal("Electives", root.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Equal(2, root.GetProperty("items")[0].GetProperty("min").GetInt32());
        Assert.Equal([true, false, false], root.GetProperty("items")[0].GetProperty("items").EnumerateArray().Select(i => i.GetProperty("required").GetBoolean()));
        Assert.Equal(c[0], root.GetProperty("items")[1].GetProperty("course").GetString());
        Assert.Equal("allInOrder", root.GetProperty("items")[2].GetProperty("set").GetString());
        Assert.Contains($"Complete 2 of these 3; Course {c[1]} is required", editor.QuerySelector("[data-path='0'] .rule-wording")!.TextContent, StringComparison.Ordinal);

        // The library: save the series, then insert a copy of it.
        editor = await author.PostFormAsync(editor, "[data-path='2'] form[action*=SaveGroup]", new() { ["libraryId"] = $"{id}-series" });
        editor = await author.PostFormAsync(editor, "form#insert-group", new() { ["groupId"] = $"{id}-series" });
        Assert.Equal(4, editor.QuerySelectorAll("#requirement > .requirement-set > ol > li").Length);
        editor = await author.PostFormAsync(editor, "li[data-path='3'] > div > form[action*=Remove]");

        var dialog = await approver.GetDocumentAsync($"/Author/Packages/{id}/Publish");
        var published = await approver.PostFormAsync(dialog, "form#publish", new() { ["Input.ChangeNotes"] = "First release" });
        Assert.Equal("Version 1 is published and active.", published.QuerySelector("#status")?.TextContent);

        // Preview as a learner who finished two electives and the first of the series: the series' second course is next.
        var preview = await author.GetDocumentAsync($"/Author/Packages/{id}/Preview?completed={c[1]}&completed={c[2]}");
        Assert.Equal("available", preview.QuerySelector($"li[data-course-id='{c[0]}']")!.GetAttribute("data-state"));
        Assert.Equal("true", preview.QuerySelector(".requirement-group[data-satisfied]")!.GetAttribute("data-satisfied"));
        Assert.Contains($"Course {c[3]}", preview.QuerySelector("#outcome")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStaleFormIsRefusedAndTheDraftKeepsTheOtherAuthorsChange()
    {
        var id = $"pk-{Guid.NewGuid():N}"[..12];
        var author = factory.CreateClient();
        await author.SignInAsync("author@demo.local");
        var form = await author.GetDocumentAsync("/Author/Packages/New");
        var editor = await author.PostFormAsync(form, "form#new-package", new() { ["Input.Id"] = id, ["Input.Name"] = "Stale", ["Input.CourseIds"] = "password-security" });
        var other = factory.CreateClient();
        await other.SignInAsync("approver@demo.local");
        var otherEditor = await other.GetDocumentAsync($"/Author/Packages/{id}");

        await author.PostFormAsync(editor, "form#package-details", new() { ["Input.Name"] = "Renamed first" });
        var refused = await other.PostFormAsync(otherEditor, "form#package-details", new() { ["Input.Name"] = "Renamed second" });

        Assert.Contains("saved this draft after you opened it", refused.QuerySelector("#errors")!.TextContent, StringComparison.Ordinal);
        var draft = await author.GetFromJsonAsync<JsonElement>(new Uri($"/v1/packages/{id}?version=1", UriKind.Relative));
        Assert.Equal("Renamed first", draft.GetProperty("name").GetString());
    }
}
