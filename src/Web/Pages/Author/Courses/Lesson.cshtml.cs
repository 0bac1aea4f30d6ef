using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>Adds a lesson of any of the four types to a draft, or changes one; validation messages appear beside their fields.</summary>
public sealed class LessonModel(CourseService courses) : PageModel
{
    public ContentVersion<CourseContent> Draft { get; private set; } = null!;

    public string? LessonId { get; private set; }

    [BindProperty]
    public LessonInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, string? lessonId, string? moduleId)
    {
        if (await LoadAsync(id, lessonId) is { } redirect)
        {
            return redirect;
        }

        if (lessonId is not null)
        {
            var module = CourseDraftEdits.ModuleOfLesson(Draft.Content, lessonId);
            Input = LessonInput.From(module.Lessons.First(l => l.Id == lessonId), module.Id);
        }
        else
        {
            Input = new LessonInput { ModuleId = moduleId ?? Draft.Content.Modules.FirstOrDefault()?.Id ?? "" }.WithBlankSlots();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string? lessonId, long revision, bool keepEditing)
    {
        if (await LoadAsync(id, lessonId) is { } redirect)
        {
            return redirect;
        }

        if (!ModelState.IsValid)
        {
            return AutoSave.WantsJson(Request) ? AutoSave.Refused(ModelState) : Page();
        }

        var newId = lessonId ?? CourseDraftEdits.NewId(Input.Title, Draft.Content.AllLessons.Select(l => l.Id), "lesson");
        var lesson = Input.ToLesson(newId);
        try
        {
            var saved = await courses.EditDraftAsync(id, revision, c => CourseDraftEdits.SaveLesson(c, Input.ModuleId, lesson), User.UserId()!);
            if (AutoSave.WantsJson(Request))
            {
                return AutoSave.Saved(saved.UpdatedAt);
            }

            StatusMessage = $"Lesson '{lesson.Title}' saved.";
            return keepEditing ? RedirectToPage(new { id, lessonId = newId }) : RedirectToPage("Edit", new { id });
        }
        catch (DomainException refused)
        {
            // Paths name the lesson by its place in the edited course; the form names fields by their own.
            var prefix = Draft.Content.Modules.Any(x => x.Id == Input.ModuleId) ? LessonPath(CourseDraftEdits.SaveLesson(Draft.Content, Input.ModuleId, lesson), newId) + "." : null;
            ModelState.AddDomainErrors(refused, path => prefix is not null && path.StartsWith(prefix, StringComparison.Ordinal) ? Input.Map(path[prefix.Length..]) : null);
            if (AutoSave.WantsJson(Request))
            {
                return AutoSave.Refused(ModelState);
            }
            return Page();
        }
    }

    private static string LessonPath(CourseContent content, string lessonId)
    {
        for (var m = 0; m < content.Modules.Length; m++)
        {
            var l = content.Modules[m].Lessons.Select(x => x.Id).ToList().IndexOf(lessonId);
            if (l >= 0)
            {
                return $"modules[{m}].lessons[{l}]";
            }
        }

        return "";
    }

    private async Task<IActionResult?> LoadAsync(string id, string? lessonId)
    {
        var course = await courses.GetAsync(id);
        if (course.Draft is not { } draft)
        {
            StatusMessage = "Create a new version to edit lessons.";
            return RedirectToPage("Edit", new { id });
        }

        if (draft.Content.Modules.IsEmpty)
        {
            StatusMessage = "Add a module first; lessons live in modules.";
            return RedirectToPage("Edit", new { id });
        }

        Draft = draft;
        LessonId = lessonId;
        if (lessonId is not null && !draft.Content.AllLessons.Any(l => l.Id == lessonId))
        {
            throw DomainException.NotFound("Lesson", lessonId);
        }

        return null;
    }
}
