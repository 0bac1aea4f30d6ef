using CoursePortal.Grains.Abstractions.Courses;

namespace CoursePortal.Web.Pages;

/// <summary>A lesson's type as learners read it on the course page and in the player.</summary>
public static class LessonWords
{
    public static string Type(LessonType type) => type switch
    {
        LessonType.Content => "Reading",
        LessonType.Video => "Video",
        LessonType.Document => "Document",
        LessonType.Assessment => "Assessment",
        _ => type.ToString(),
    };
}
