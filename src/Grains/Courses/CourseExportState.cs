using CoursePortal.Grains.Abstractions.Courses;

namespace CoursePortal.Grains.Courses;

[GenerateSerializer]
[Alias("courseportal.course-export-state")]
public sealed class CourseExportState
{
    [Id(0)]
    public CourseExport? Export { get; set; }
}
