using CoursePortal.Domain.Tests.Courses;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Courses.Archive;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Tests.Courses;

[Collection(ClusterCollection.Name)]
public sealed class CourseExportTests(ClusterFixture fixture)
{
    private static readonly TimeSpan ExportDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AnExportedVersionImportsBackAsANewCourseWithIdenticalContent()
    {
        var course = Course($"export-{Guid.NewGuid():N}"[..20]);
        await course.CreateAsync(SampleCourses.Valid(), "ada");
        var v1 = await course.PublishAsync(new PublishRequest("first"), "ada");
        await course.SaveDraftAsync(SampleCourses.Valid() with { Title = "Later edition" }, "ada");

        var started = await course.StartExportAsync(1, "ada");
        var export = await WaitForEndAsync(started.ExportId);

        Assert.Equal((ExportStatus.Completed, 1, "ada"), (export.Status, export.Version, export.RequestedBy));
        var file = Path.Combine(fixture.ExportsPath, export.RelativePath!);
        Assert.Equal(new FileInfo(file).Length, export.FileSize);
        Assert.NotNull(export.CompletedAt);
        Assert.Equal([export.ExportId], (await course.ListExportsAsync()).Select(e => e.ExportId));

        ImportedCourse imported;
        await using (var zip = File.OpenRead(file))
        {
            imported = CourseArchive.Read(zip);
        }

        var copy = Course($"import-{Guid.NewGuid():N}"[..20]);
        var draft = await copy.ImportAsync(imported.Content, "bob");
        Assert.Equal((1, VersionStatus.Draft), (draft.Number, draft.Status));
        Assert.Equal(CourseArchiveTests.Canonical(v1.Content), CourseArchiveTests.Canonical(draft.Content));
    }

    [Fact]
    public async Task ImportingIntoAnExistingCourseReplacesItsDraftOnly()
    {
        var course = Course($"reimport-{Guid.NewGuid():N}"[..20]);
        await course.CreateAsync(SampleCourses.Valid(), "ada");
        await course.PublishAsync(new PublishRequest(null), "ada");

        var draft = await course.ImportAsync(SampleCourses.Valid() with { Title = "Imported" }, "ada");

        Assert.Equal((2, "Imported"), (draft.Number, draft.Content.Title));
        Assert.Equal("Phishing Awareness", (await course.GetActiveAsync())!.Content.Title);
    }

    [Fact]
    public async Task ImportingIntoAnArchivedCourseOpensANewDraftFromNothing()
    {
        var course = Course($"archived-{Guid.NewGuid():N}"[..20]);
        await course.CreateAsync(SampleCourses.Valid(), "ada");
        await course.PublishAsync(new PublishRequest(null), "ada");
        await course.ArchiveAsync("retired", "ada");

        var draft = await course.ImportAsync(SampleCourses.Valid() with { Title = "Imported" }, "bob");

        Assert.Equal((2, VersionStatus.Draft, (int?)null, "bob"), (draft.Number, draft.Status, draft.CopiedFrom, draft.CreatedBy));
        Assert.Null(await course.GetActiveAsync());
    }

    [Fact]
    public async Task ExportingAVersionThatDoesNotExistIsNotFound()
    {
        var course = Course($"noexport-{Guid.NewGuid():N}"[..20]);
        await course.CreateAsync(SampleCourses.Valid(), "ada");

        var refusal = await Assert.ThrowsAsync<DomainException>(() => course.StartExportAsync(7, "ada"));

        Assert.Equal(DomainErrorKind.NotFound, refusal.Kind);
        Assert.Empty(await course.ListExportsAsync());
    }

    private ICourseGrain Course(string id) => fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course(id));

    private async Task<CourseExport> WaitForEndAsync(string exportId)
    {
        var grain = fixture.Client.GetGrain<ICourseExportGrain>(GrainKeys.Export(exportId));
        var deadline = DateTime.UtcNow + ExportDeadline;
        while (true)
        {
            var export = await grain.GetAsync();
            if (export.Status is ExportStatus.Completed or ExportStatus.Failed)
            {
                return export;
            }

            Assert.True(DateTime.UtcNow < deadline, $"export still {export.Status} after {ExportDeadline.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
