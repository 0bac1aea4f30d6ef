using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>The course archive dialog: who is mid-way, then the archive with a reason.</summary>
public sealed class ArchiveModel(CourseService courses) : ArchiveDialogModel
{
    protected override async Task LoadAsync(string id)
    {
        var course = await courses.GetAsync(id);
        var learners = await courses.LearnersAsync(id);
        Title = course.Shown?.Content.Title ?? course.History[^1].Title;
        ActiveVersion = course.Active?.Number;
        Scheduled = course.History.FirstOrDefault(v => v.IsScheduled);
        MidWay = learners.TryGetValue(ActiveVersion ?? 0, out var active) ? active.Started - active.Completed : 0;
        MidWayOnOlderVersions = learners.Values.Where(l => l.Version != ActiveVersion).Sum(l => l.Started - l.Completed);
    }

    protected override async Task<int> ArchiveAsync(string id, string reason) => (await courses.ArchiveAsync(id, reason, User.UserId()!)).Number;
}
