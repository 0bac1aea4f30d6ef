namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>One background export of a course version; its ZIP is deleted after Storage:ExportRetentionDays.
/// Key: <c>GrainKeys.Export(exportId)</c>.</summary>
[Alias("courseportal.course-export-grain")]
public interface ICourseExportGrain : IGrainWithStringKey
{
    /// <summary>Records the request as Pending and starts the work in the background.</summary>
    [Alias("start")]
    Task<CourseExport> StartAsync(string courseId, int version, string requestedBy);

    /// <summary>Where the export stands; 404 when no export has this id. A completed export past its retention, or
    /// whose file is gone, has its file deleted and is answered Expired.</summary>
    [Alias("get")]
    Task<CourseExport> GetAsync();
}
