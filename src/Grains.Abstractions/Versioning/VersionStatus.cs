namespace CoursePortal.Grains.Abstractions.Versioning;

/// <summary>Where a version of a course or package is in its life: edited freely, frozen and taken, or retired.</summary>
[GenerateSerializer]
[Alias("courseportal.version-status")]
public enum VersionStatus
{
    Draft = 0,
    Published = 1,
    Archived = 2,
}
