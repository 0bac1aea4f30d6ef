using CoursePortal.Domain.Tests.Courses;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Grains.Courses;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Grains.Tests.Courses;

/// <summary>
/// Exports do not pile up: a version has one live export (a second request gets the same one back), and a completed
/// export's ZIP is deleted after Storage:ExportRetentionDays, by its reminder or when it is next read, after which the
/// export is Expired and a new request makes a new one. A cluster of its own, on a clock the tests move forward.
/// </summary>
public sealed class ExportRetentionTests(ExportRetentionTests.Cluster fixture) : IClassFixture<ExportRetentionTests.Cluster>
{
    private static readonly TimeSpan ExportDeadline = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Retention = TimeSpan.FromDays(3);

    [Fact]
    public async Task ASecondRequestForAVersionGetsItsLiveExportBack()
    {
        var course = await PublishedCourseWithDraftAsync();

        var first = await course.StartExportAsync(1, "ada");
        var whileUnderWay = await course.StartExportAsync(1, "bob");
        var completed = await WaitForEndAsync(first.ExportId);
        var whenCompleted = await course.StartExportAsync(1, "bob");
        var otherVersion = await course.StartExportAsync(2, "ada");

        Assert.Equal(ExportStatus.Completed, completed.Status);
        Assert.Equal(first.ExportId, whileUnderWay.ExportId);
        Assert.Equal((first.ExportId, ExportStatus.Completed, "ada"), (whenCompleted.ExportId, whenCompleted.Status, whenCompleted.RequestedBy));
        Assert.NotEqual(first.ExportId, otherVersion.ExportId);
        Assert.Equal(2, (await course.ListExportsAsync()).Length);
        await WaitForEndAsync(otherVersion.ExportId);
    }

    [Fact]
    public async Task AnExportPastItsRetentionIsDeletedWhenReadAndANewRequestMakesANewOne()
    {
        var course = await PublishedCourseWithDraftAsync();
        var export = await WaitForEndAsync((await course.StartExportAsync(1, "ada")).ExportId);
        var file = Path.Combine(fixture.ExportsPath, export.RelativePath!);

        fixture.Clock.Advance(Retention - TimeSpan.FromHours(1));
        var beforeRetention = await Export(export.ExportId).GetAsync();
        var fileBeforeRetention = File.Exists(file);
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var afterRetention = await Export(export.ExportId).GetAsync();
        var again = await course.StartExportAsync(1, "bob");

        Assert.Equal((ExportStatus.Completed, true), (beforeRetention.Status, fileBeforeRetention));
        Assert.Equal(ExportStatus.Expired, afterRetention.Status);
        Assert.NotNull(afterRetention.ExpiredAt);
        Assert.False(File.Exists(file));
        Assert.NotEqual(export.ExportId, again.ExportId);
        Assert.Equal(ExportStatus.Completed, (await WaitForEndAsync(again.ExportId)).Status);
    }

    [Fact]
    public async Task TheReminderDeletesAZipNobodyReads()
    {
        var course = await PublishedCourseWithDraftAsync();
        var export = await WaitForEndAsync((await course.StartExportAsync(1, "ada")).ExportId);
        var file = Path.Combine(fixture.ExportsPath, export.RelativePath!);
        var reminder = Export(export.ExportId).AsReference<IRemindable>();

        await reminder.ReceiveReminder(CourseExportGrain.ExpiryReminder, default);
        var fileBeforeRetention = File.Exists(file);
        fixture.Clock.Advance(Retention + TimeSpan.FromMinutes(1));
        await reminder.ReceiveReminder(CourseExportGrain.ExpiryReminder, default);

        Assert.True(fileBeforeRetention, "a tick before the retention ends keeps the ZIP");
        Assert.False(File.Exists(file));
        Assert.Equal(ExportStatus.Expired, (await Export(export.ExportId).GetAsync()).Status);
    }

    [Fact]
    public async Task AnExportWhoseZipWentMissingIsExpiredAndReplaced()
    {
        var course = await PublishedCourseWithDraftAsync();
        var export = await WaitForEndAsync((await course.StartExportAsync(1, "ada")).ExportId);

        File.Delete(Path.Combine(fixture.ExportsPath, export.RelativePath!));
        var again = await course.StartExportAsync(1, "bob");

        Assert.Equal(ExportStatus.Expired, (await Export(export.ExportId).GetAsync()).Status);
        Assert.NotEqual(export.ExportId, again.ExportId);
        await WaitForEndAsync(again.ExportId);
    }

    private async Task<ICourseGrain> PublishedCourseWithDraftAsync()
    {
        var course = fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course($"retain-{Guid.NewGuid():N}"[..20]));
        await course.CreateAsync(SampleCourses.Valid(), "ada");
        await course.PublishAsync(new PublishRequest("first"), "ada");
        await course.SaveDraftAsync(SampleCourses.Valid() with { Title = "Later edition" }, "ada");
        return course;
    }

    private ICourseExportGrain Export(string exportId) => fixture.Client.GetGrain<ICourseExportGrain>(GrainKeys.Export(exportId));

    private async Task<CourseExport> WaitForEndAsync(string exportId)
    {
        var deadline = DateTime.UtcNow + ExportDeadline;
        while (true)
        {
            var export = await Export(exportId).GetAsync();
            if (export.Status is ExportStatus.Completed or ExportStatus.Failed)
            {
                return export;
            }

            Assert.True(DateTime.UtcNow < deadline, $"export still {export.Status} after {ExportDeadline.TotalSeconds} s");
            await Task.Delay(100);
        }
    }

    /// <summary>A cluster whose exports are kept three days, on a clock the tests move forward.</summary>
    public sealed class Cluster : ClusterFixture
    {
        public ManualClock Clock { get; } = new();

        protected override IReadOnlyDictionary<string, string> Settings =>
            new Dictionary<string, string>(base.Settings) { ["Storage:ExportRetentionDays"] = Retention.TotalDays.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
    }
}
