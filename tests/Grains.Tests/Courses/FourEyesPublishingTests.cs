using CoursePortal.Domain.Tests.Courses;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Tests.Courses;

public sealed class FourEyesPublishingTests(FourEyesClusterFixture fixture) : IClassFixture<FourEyesClusterFixture>
{
    [Fact]
    public async Task TheLastEditorCannotPublishButSomeoneElseCan()
    {
        var course = fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course($"four-eyes-{Guid.NewGuid():N}"[..24]));
        await course.CreateAsync(SampleCourses.Valid(), "ada");

        var refusal = await Assert.ThrowsAsync<DomainException>(() => course.PublishAsync(new PublishRequest(null), "ada"));
        var published = await course.PublishAsync(new PublishRequest(null), "bob");

        Assert.Equal((DomainErrorKind.Forbidden, "second_person_required"), (refusal.Kind, refusal.Code));
        Assert.Equal(("ada", "bob"), (published.UpdatedBy, published.PublishedBy));
    }
}
