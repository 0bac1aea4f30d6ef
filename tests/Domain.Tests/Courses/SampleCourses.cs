using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Domain.Tests.Courses;

/// <summary>A valid course with all four lesson types, to vary one field at a time.</summary>
public static class SampleCourses
{
    public static Lesson ContentLesson(string id = "intro", bool required = true) =>
        new(id, "Introduction", LessonType.Content, required, 5, Markdown: "# Welcome\nWhat phishing is.");

    public static Lesson VideoLesson(string id = "video") =>
        new(id, "Watch an attack", LessonType.Video, false, 7, VideoUrl: "https://videos.example.com/phish.mp4", Transcript: "Narrator: ...");

    public static Lesson DocumentLesson(string id = "policy") =>
        new(id, "Read the policy", LessonType.Document, false, 3, DocumentUrl: "https://docs.example.com/policy.pdf", FileName: "policy.pdf");

    public static Lesson AssessmentLesson(string id = "quiz") =>
        new(id, "Check yourself", LessonType.Assessment, true, 10, Assessment: new Assessment(80,
        [
            new Question("q1", "Which link is safe?", false, [new AnswerOption("a", "The one you typed", true), new AnswerOption("b", "The one in the e-mail", false)]),
            new Question("q2", "Which are red flags?", true,
            [
                new AnswerOption("a", "Urgency", true),
                new AnswerOption("b", "Unknown sender", true),
                new AnswerOption("c", "Your manager's usual signature", false),
            ]),
        ]));

    public static CourseContent Valid() => new(
        "Phishing Awareness",
        "Spot and report phishing.",
        "Security Essentials",
        "Threats",
        ["security", "compliance"],
        "https://images.example.com/phish.png",
        new DateOnly(2026, 1, 1),
        new DateOnly(2026, 12, 31),
        null,
        [
            new Module("basics", "Basics", "What it is", [ContentLesson(), VideoLesson()]),
            new Module("practice", "Practice", null, [DocumentLesson(), AssessmentLesson()]),
        ],
        ["ada"],
        []);

    public static CourseContent WithLesson(Lesson lesson) =>
        Valid() with { Modules = [new Module("only", "Only", null, [lesson])] };

    public static ContentVersion<CourseContent> Version(int number, CourseContent content, VersionStatus status = VersionStatus.Published) =>
        new("phishing", number, status, content, "ada", DateTimeOffset.UnixEpoch, "ada", DateTimeOffset.UnixEpoch);
}
