using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>Any version (the draft by default) as a learner would see it, lesson by lesson; nothing is recorded.</summary>
public sealed class PreviewModel(CourseService courses) : PageModel
{
    public ContentVersion<CourseContent> Version { get; private set; } = null!;

    public Lesson? Lesson { get; private set; }

    public string? NextLessonId { get; private set; }

    public async Task OnGetAsync(string id, int? version, string? lessonId)
    {
        var course = await courses.GetAsync(id);
        Version = version is { } n ? await courses.GetVersionAsync(id, n)
            : course.Shown ?? await courses.GetVersionAsync(id, course.History[^1].Number);
        var lessons = Version.Content.AllLessons.ToList();
        var index = lessonId is null ? (lessons.Count > 0 ? 0 : -1) : lessons.FindIndex(l => l.Id == lessonId);
        if (lessonId is not null && index < 0)
        {
            throw DomainException.NotFound("Lesson", lessonId);
        }

        Lesson = index >= 0 ? lessons[index] : null;
        NextLessonId = index >= 0 && index + 1 < lessons.Count ? lessons[index + 1].Id : null;
    }
}
