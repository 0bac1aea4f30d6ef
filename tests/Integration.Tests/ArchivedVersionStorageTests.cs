using CoursePortal.Domain.Tests.Courses;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Integration.Tests.Infrastructure;

namespace CoursePortal.Integration.Tests;

/// <summary>An archive's reason and a cancelled schedule are stored state: they survive a restart of every silo.</summary>
public sealed class ArchivedVersionStorageTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task AnArchiveReasonAndACancelledScheduleAreReadBackAfterARestart()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId, courseId) = ($"cluster-{id}", $"service-{id}", $"retired-{id}");

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var course = client.Client.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
            await course.CreateAsync(SampleCourses.Valid(), "ada");
            await course.PublishAsync(new PublishRequest("first"), "bob");
            await course.CreateDraftAsync(null, "ada");
            await course.PublishAsync(new PublishRequest("second", DateTimeOffset.UtcNow.AddDays(3)), "bob");
            await course.CancelScheduledAsync("Not signed off", "cy");
            await course.ArchiveAsync("Retired for good", "cy");
        }

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var history = await client.Client.GetGrain<ICourseGrain>(GrainKeys.Course(courseId)).GetHistoryAsync();

            Assert.Equal([(1, VersionStatus.Archived, "cy", "Retired for good"), (2, VersionStatus.Archived, "cy", "Not signed off")],
                history.Select(v => (v.Number, v.Status, v.ArchivedBy ?? "", v.ArchiveReason ?? "")));
            Assert.DoesNotContain(history, v => v.IsActive || v.IsScheduled);
        }
    }
}
