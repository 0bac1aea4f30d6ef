namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>What a lesson carries: a Markdown body, a video, a document, or an assessment.</summary>
[GenerateSerializer]
[Alias("courseportal.lesson-type")]
public enum LessonType
{
    Content = 0,
    Video = 1,
    Document = 2,
    Assessment = 3,
}
