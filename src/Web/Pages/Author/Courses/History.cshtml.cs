using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>Every version of a course with its audit trail, and what changed between any two of them.</summary>
public sealed class HistoryModel(AuthoringService authoring) : PageModel
{
    public CourseEditing Course { get; private set; } = null!;

    public CourseDiff? Diff { get; private set; }

    public int From { get; private set; }

    public int To { get; private set; }

    public async Task OnGetAsync(string id, int? from, int? to)
    {
        Course = await authoring.GetCourseAsync(id);
        var numbers = Course.History.Select(v => v.Number).ToList();
        // By default: the active version against the newest one, the question an approver asks first.
        To = to ?? numbers[^1];
        From = from ?? Course.Active?.Number ?? (numbers.Count > 1 ? numbers[^2] : numbers[^1]);
        if (From == To && from is null && numbers.Count > 1)
        {
            From = numbers[^2];
        }

        if (From != To)
        {
            Diff = await authoring.DiffCourseAsync(id, From, To);
        }
    }
}
