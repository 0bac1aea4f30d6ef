using CoursePortal.Domain.Tests.Courses;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Packages;
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

    [Fact]
    public async Task ThePackageDraftsLastEditorCannotPublishItEither()
    {
        var course = fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course("four-eyes-course"));
        if (await course.GetActiveAsync() is null)
        {
            await course.ImportAsync(SampleCourses.Valid(), "ada");
            await course.PublishAsync(new PublishRequest(null), "bob");
        }

        var package = fixture.Client.GetGrain<IPackageGrain>(GrainKeys.Package($"four-eyes-{Guid.NewGuid():N}"[..20]));
        await package.CreateAsync(new PackageContent("Four eyes", null, null, RequirementNode.Set(null, SetMode.All, [RequirementNode.Course("four-eyes-course")])), "ada");

        var refusal = await Assert.ThrowsAsync<DomainException>(() => package.PublishAsync(new PublishRequest(null), "ada"));
        var published = await package.PublishAsync(new PublishRequest(null), "bob");

        Assert.Equal("second_person_required", refusal.Code);
        Assert.Equal("bob", published.PublishedBy);
    }
}
