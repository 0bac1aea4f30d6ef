namespace CoursePortal.Grains.Learning;

/// <summary>The "Storage" settings of course enrollment rows.</summary>
public sealed class EnrollmentRowOptions
{
    public const string Section = "Storage";

    /// <summary>Keeps writing the pinned version's lessons into every course enrollment row, as releases before slim rows
    /// did, so that their silos can still read rows this release writes while a rolling upgrade from them is under way.
    /// Off by default; on only for that upgrade, then off again with the next restart of each silo
    /// (docs/operations.md §5).</summary>
    public bool EnrollmentRowsKeepLessons { get; set; }
}
