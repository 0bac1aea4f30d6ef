namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>The "Storage" configuration section: where export ZIPs are written, and for how long they are kept.
/// Several silos and the web must see the same folder (a shared volume) for any of them to serve a download.</summary>
public sealed class ExportStorageOptions
{
    public const string Section = "Storage";

    public string ExportsPath { get; set; } = Path.Combine(Path.GetTempPath(), "courseportal", "exports");

    /// <summary>Days an export's ZIP is kept after it completed; then it is deleted and the export is Expired.
    /// Anything but a positive number means the default, 7.</summary>
    public double ExportRetentionDays { get; set; } = DefaultRetentionDays;

    public const double DefaultRetentionDays = 7;

    public TimeSpan Retention => TimeSpan.FromDays(ExportRetentionDays > 0 ? ExportRetentionDays : DefaultRetentionDays);

    public string FullPath(string relativePath) => Path.Combine(ExportsPath, relativePath);
}
