using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>The smallest published course a learner can start and complete: two required content lessons.</summary>
public static class TwoLessonCourse
{
    public static async Task PublishAsync(IClusterClient client, string courseId, string title)
    {
        ArgumentNullException.ThrowIfNull(client);
        var course = client.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
        await course.CreateAsync(new CourseContent(title, Modules:
        [
            new Module("m", "Module", null,
            [
                new Lesson("l1", "One", LessonType.Content, true, 5, Markdown: "One"),
                new Lesson("l2", "Two", LessonType.Content, true, 5, Markdown: "Two"),
            ]),
        ]), "author");
        await course.PublishAsync(new PublishRequest(null), "author");
    }
}
