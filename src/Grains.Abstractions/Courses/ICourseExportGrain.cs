namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>One background export of a course version. Key: <c>GrainKeys.Export(exportId)</c>.</summary>
[Alias("courseportal.course-export-grain")]
public interface ICourseExportGrain : IGrainWithStringKey
{
    /// <summary>Records the request as Pending and starts the work in the background.</summary>
    [Alias("start")]
    Task<CourseExport> StartAsync(string courseId, int version, string requestedBy);

    /// <summary>Where the export stands; 404 when no export has this id.</summary>
    [Alias("get")]
    [Orleans.Concurrency.ReadOnly]
    Task<CourseExport> GetAsync();
}
