using CoursePortal.Domain.Tests.Courses;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Integration.Tests.Infrastructure;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Integration.Tests;

public sealed class CourseStorageTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task EveryVersionOfACourseWithAllFourLessonTypesIsReadBackIdenticallyAfterARestart()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId, courseId) = ($"cluster-{id}", $"service-{id}", $"stored-{id}");
        ContentVersion<CourseContent> published, draft;

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var course = client.Client.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
            await course.CreateAsync(SampleCourses.Valid(), "ada");
            published = await course.PublishAsync(new PublishRequest("first"), "bob");
            draft = await course.SaveDraftAsync(SampleCourses.Valid() with { Title = "Second", EstimatedDurationMinutes = 99 }, "cy");
        }

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var course = client.Client.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
            var v1 = await course.GetVersionAsync(1);
            var v2 = await course.GetVersionAsync(2);

            Assert.Equal(published with { Content = v1.Content }, v1);
            Assert.Equal(CourseArchiveTests.Canonical(published.Content), CourseArchiveTests.Canonical(v1.Content));
            Assert.Equal(draft with { Content = v2.Content }, v2);
            Assert.Equal(CourseArchiveTests.Canonical(draft.Content), CourseArchiveTests.Canonical(v2.Content));
            Assert.Equal(1, (await course.GetActiveAsync())!.Number);
        }

        var payload = await database.ScalarAsync<string>(
            "SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE serviceid = @s AND graintypestring = 'course'", ("s", serviceId));
        Assert.DoesNotContain("AllLessons", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ActiveVersion\"", payload, StringComparison.Ordinal);
    }
}
