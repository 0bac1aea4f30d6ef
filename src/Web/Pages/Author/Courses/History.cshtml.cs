using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>Every version of a course with its audit trail, and what changed between any two of them.</summary>
public sealed class HistoryModel(CourseService courses) : VersionHistoryModel<CourseDiff>
{
    public CourseEditing Course { get; private set; } = null!;

    public async Task OnGetAsync(string id, int? from, int? to)
    {
        Course = await courses.GetAsync(id);
        var numbers = Course.History.Select(v => v.Number).ToList();
        // By default: the active version against the newest one, the question an approver asks first.
        await CompareAsync(numbers, Course.Active?.Number ?? (numbers.Count > 1 ? numbers[^2] : numbers[^1]), from, to, (a, b) => courses.DiffAsync(id, a, b));
    }
}
