namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>Where a course version is in its life: edited freely, frozen and taken, or retired.</summary>
[GenerateSerializer]
[Alias("courseportal.course-status")]
public enum CourseStatus
{
    Draft = 0,
    Published = 1,
    Archived = 2,
}
