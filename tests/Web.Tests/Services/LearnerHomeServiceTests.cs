using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Tests.Services;

public sealed class LearnerHomeServiceTests
{
    private static readonly DateTimeOffset Now = new(2027, 5, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OverduePackagesComeFirstThenByDueDateThenThoseWithoutOneAndCompletedOnesAreLeftOut()
    {
        PackageEnrollmentView[] enrollments =
        [
            View("undated", due: null, overdue: false),
            View("next-month", due: Now.AddDays(30), overdue: false),
            View("late", due: Now.AddDays(-3), overdue: true),
            View("done", due: Now.AddDays(2), overdue: false, completed: Now.AddDays(-1)),
            View("next-week", due: Now.AddDays(7), overdue: false),
            View("very-late", due: Now.AddDays(-30), overdue: true),
        ];

        Assert.Equal(["very-late", "late", "next-week", "next-month", "undated"], LearnerHomeService.ToDo(enrollments).Select(e => e.PackageId));
    }

    private static PackageEnrollmentView View(string packageId, DateTimeOffset? due, bool overdue, DateTimeOffset? completed = null) =>
        new("u", packageId, 1, completed is null ? EnrollmentStatus.NotStarted : EnrollmentStatus.Completed, 0, Now.AddDays(-60), "admin", due, overdue,
            completed, RequirementNode.Set(null, SetMode.All, [RequirementNode.Course("c")]), new Evaluation([], 0, false, []));
}
