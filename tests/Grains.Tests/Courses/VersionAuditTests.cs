using CoursePortal.Domain.Tests.Courses;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Tests.Courses;

[Collection(ClusterCollection.Name)]
public sealed class VersionAuditTests(ClusterFixture fixture)
{
    [Fact]
    public async Task DraftingPublishingAndArchivingAreAuditedWithWhoDidIt()
    {
        var courseId = LearnerSetup.Unique("audit");
        var course = fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
        await course.CreateAsync(SampleCourses.Valid(), "ada");
        await course.PublishAsync(new PublishRequest("first"), "bob");
        await course.CreateDraftAsync(null, "cy");
        await course.PublishAsync(new PublishRequest("second"), "dee");

        (string Kind, int? Version, string? Actor)[] expected =
        [
            (LearningEventKinds.VersionDrafted, 1, "ada"),
            (LearningEventKinds.VersionPublished, 1, "bob"),
            (LearningEventKinds.VersionDrafted, 2, "cy"),
            (LearningEventKinds.VersionArchived, 1, "dee"),
            (LearningEventKinds.VersionPublished, 2, "dee"),
        ];
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(Events().Count == expected.Length), "five version events");
        Assert.Equal(expected, Events());

        List<(string, int?, string?)> Events() =>
            [.. fixture.Events.Events.Where(e => e.CourseId == courseId).Select(e => (e.Kind, e.CourseVersion, e.ActorId))];
    }
}
