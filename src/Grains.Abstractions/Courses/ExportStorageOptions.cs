namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>The "Storage" configuration section: where export ZIPs are written. Several silos and the web
/// must see the same folder (a shared volume) for any of them to serve a download.</summary>
public sealed class ExportStorageOptions
{
    public const string Section = "Storage";

    public string ExportsPath { get; set; } = Path.Combine(Path.GetTempPath(), "courseportal", "exports");

    public string FullPath(string relativePath) => Path.Combine(ExportsPath, relativePath);
}
