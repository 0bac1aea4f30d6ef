using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Integration.Tests.Infrastructure;
using Xunit.Abstractions;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Integration.Tests;

/// <summary>A publish scheduled for later survives the silo that scheduled it: the PostgreSQL reminder table
/// brings the course grain back at the effective date with nobody calling it.</summary>
public sealed class ScheduledPublishTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task AScheduledVersionBecomesActiveAfterTheSiloThatScheduledItRestarted()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId, courseId) = ($"cluster-{id}", $"service-{id}", $"scheduled-{id}");
        var content = new CourseContent("Scheduled", Modules:
            [new Module("m", "Module", null, [new Lesson("l", "Lesson", LessonType.Content, true, 5, Markdown: "Body")])]);
        DateTimeOffset effective;

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var course = client.Client.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
            await course.CreateAsync(content, "ada");
            await course.PublishAsync(new PublishRequest("v1"), "ada");
            await course.SaveDraftAsync(content with { Title = "Scheduled, second edition" }, "ada");
            effective = DateTimeOffset.UtcNow.AddSeconds(10);
            await course.PublishAsync(new PublishRequest("v2", effective), "ada");
            Assert.Equal(1, (await course.GetActiveAsync())!.Number);
        }

        Assert.True(DateTimeOffset.UtcNow < effective, "the first silo must stop before the effective date for this test to mean anything");
        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            // Read the stored state, not the grain: a call would activate the grain and hide whether the reminder fired.
            var waited = await Eventually.HoldsAsync(
                async () => (await ActiveVersionInStorageAsync(serviceId)) == 2,
                TimeSpan.FromSeconds(60),
                "the reminder activates version 2 in storage");
            Assert.True(DateTimeOffset.UtcNow >= effective);
            output.WriteLine($"version 2 became active {(DateTimeOffset.UtcNow - effective).TotalSeconds:0.0} s after its effective date (waited {waited.TotalSeconds:0.0} s)");
        }
    }

    private async Task<int?> ActiveVersionInStorageAsync(string serviceId)
    {
        var json = await database.ScalarAsync<string>(
            "SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE serviceid = @s AND graintypestring = 'course'",
            ("s", serviceId));
        using var document = System.Text.Json.JsonDocument.Parse(json!);
        return document.RootElement.GetProperty("Versions").TryGetProperty("Active", out var active) && active.ValueKind == System.Text.Json.JsonValueKind.Number
            ? active.GetInt32()
            : null;
    }
}
