using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Pages.Author.Packages;

/// <summary>The package archive dialog: who is mid-way, then the archive with a reason.</summary>
public sealed class ArchiveModel(PackageService packages) : ArchiveDialogModel
{
    protected override async Task LoadAsync(string id)
    {
        var package = await packages.GetAsync(id);
        Title = package.Shown?.Content.Name ?? package.History[^1].Title;
        ActiveVersion = package.Active?.Number;
        Scheduled = package.History.FirstOrDefault(v => v.IsScheduled);
        MidWay = package.Counts.TryGetValue(ActiveVersion ?? 0, out var active) ? active.Enrolled - active.Completed : 0;
        MidWayOnOlderVersions = package.Counts.Where(c => c.Key != ActiveVersion).Sum(c => c.Value.Enrolled - c.Value.Completed);
    }

    protected override async Task<int> ArchiveAsync(string id, string reason) => (await packages.ArchiveAsync(id, reason, User.UserId()!)).Number;
}
