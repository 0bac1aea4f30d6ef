using CoursePortal.Domain.Tests.Courses;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Tests.Courses;

[Collection(ClusterCollection.Name)]
public sealed class CourseGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task CreatingACourseMakesDraftVersionOneAndASecondCreateIsAConflict()
    {
        var (id, course) = NewCourse();

        var draft = await course.CreateAsync(SampleCourses.Valid(), "ada");
        var again = await Assert.ThrowsAsync<DomainException>(() => course.CreateAsync(SampleCourses.Valid(), "bob"));

        Assert.Equal((id, 1, VersionStatus.Draft, "ada"), (draft.OwnerId, draft.Number, draft.Status, draft.CreatedBy));
        Assert.Equal((DomainErrorKind.Conflict, "course_exists"), (again.Kind, again.Code));
        Assert.Equal("ada", (await course.GetDraftAsync())!.UpdatedBy);
    }

    [Fact]
    public async Task ASaveBasedOnAnOlderRevisionIsRefusedAndTheNewerSaveStays()
    {
        var (_, course) = NewCourse();
        var created = await course.CreateAsync(SampleCourses.Valid(), "ada");
        var read = created.UpdatedAt.UtcTicks;

        var bobs = await course.SaveDraftAsync(created.Content with { Title = "Bob's title" }, "bob", expectedRevision: read);
        var stale = await Assert.ThrowsAsync<DomainException>(() => course.SaveDraftAsync(created.Content with { Title = "Ada's title" }, "ada", expectedRevision: read));
        var current = await course.SaveDraftAsync(bobs.Content with { Description = "Ada, after reading again" }, "ada", expectedRevision: bobs.UpdatedAt.UtcTicks);

        Assert.Equal((DomainErrorKind.Conflict, "draft_changed"), (stale.Kind, stale.Code));
        Assert.Contains("bob", stale.Message, StringComparison.Ordinal);
        Assert.Equal(("Bob's title", "Ada, after reading again"), (current.Content.Title, current.Content.Description));
    }

    [Fact]
    public async Task AnInvalidDraftIsRejectedWithEveryFieldAndNothingIsStored()
    {
        var (_, course) = NewCourse();

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            course.CreateAsync(SampleCourses.Valid() with { Title = "", CoverImageUrl = "ftp://x" }, "ada"));

        Assert.Equal(DomainErrorKind.Invalid, refusal.Kind);
        Assert.Equal(["title", "coverImageUrl"], refusal.Errors.Select(e => e.Field));
        Assert.Empty(await course.GetHistoryAsync());
    }

    [Fact]
    public async Task SavingADraftOfAnUnknownCourseIsNotFound()
    {
        var (_, course) = NewCourse();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => course.SaveDraftAsync(SampleCourses.Valid(), "ada"));

        Assert.Equal(DomainErrorKind.NotFound, refusal.Kind);
    }

    [Fact]
    public async Task PublishingMakesTheDraftActiveAndListsItInTheCatalog()
    {
        var (id, course) = NewCourse();
        await course.CreateAsync(SampleCourses.Valid(), "ada");

        var published = await course.PublishAsync(new PublishRequest("First release"), "bob");

        Assert.Equal((VersionStatus.Published, "bob", "First release"), (published.Status, published.PublishedBy, published.ChangeNotes));
        Assert.NotNull(published.PublishedAt);
        Assert.Equal(1, (await course.GetActiveAsync())!.Number);
        Assert.Null(await course.GetDraftAsync());
        var listed = Assert.Single(await Catalog.ListCoursesAsync(CatalogQuery.All), c => c.Id == id);
        Assert.Equal((1, VersionStatus.Published, 25), (listed.ActiveVersion, listed.Status, listed.EstimatedDurationMinutes));
    }

    [Fact]
    public async Task ANeverPublishedCourseIsInTheCatalogForAuthorsOnly()
    {
        var (id, course) = NewCourse();
        await course.CreateAsync(SampleCourses.Valid(), "ada");

        Assert.DoesNotContain(await Catalog.ListCoursesAsync(CatalogQuery.All), c => c.Id == id);
        var forAuthors = Assert.Single(await Catalog.ListCoursesAsync(new CatalogQuery(IncludeUnpublished: true)), c => c.Id == id);
        Assert.Equal((VersionStatus.Draft, 0), (forAuthors.Status, forAuthors.ActiveVersion));
    }

    [Fact]
    public async Task PublishingWithoutADraftOrWithoutARequiredLessonIsRefused()
    {
        var (_, course) = NewCourse();
        await course.CreateAsync(SampleCourses.WithLesson(SampleCourses.ContentLesson(required: false)), "ada");

        var invalid = await Assert.ThrowsAsync<DomainException>(() => course.PublishAsync(new PublishRequest(null), "ada"));
        await course.SaveDraftAsync(SampleCourses.Valid(), "ada");
        await course.PublishAsync(new PublishRequest(null), "ada");
        var noDraft = await Assert.ThrowsAsync<DomainException>(() => course.PublishAsync(new PublishRequest(null), "ada"));

        Assert.Equal(ErrorCodes.NoRequiredLesson, invalid.Code);
        Assert.Equal((DomainErrorKind.Conflict, "no_draft"), (noDraft.Kind, noDraft.Code));
    }

    [Fact]
    public async Task APublishedVersionNeverChangesEditingOpensTheNextDraft()
    {
        var (_, course) = NewCourse();
        await course.CreateAsync(SampleCourses.Valid(), "ada");
        await course.PublishAsync(new PublishRequest(null), "ada");

        var v2 = await course.SaveDraftAsync(SampleCourses.Valid() with { Title = "Phishing Awareness 2027" }, "cy");

        Assert.Equal((2, VersionStatus.Draft, 1), (v2.Number, v2.Status, v2.CopiedFrom));
        Assert.Equal("Phishing Awareness", (await course.GetVersionAsync(1)).Content.Title);
        Assert.Equal("Phishing Awareness", (await course.GetActiveAsync())!.Content.Title);
    }

    [Fact]
    public async Task PublishingTheNextVersionArchivesThePreviousOneAndRecordsWhoAndWhen()
    {
        var (_, course) = NewCourse();
        await course.CreateAsync(SampleCourses.Valid(), "ada");
        await course.PublishAsync(new PublishRequest("v1"), "ada");
        await course.CreateDraftAsync(null, "cy");
        await course.SaveDraftAsync(SampleCourses.Valid() with { Title = "Second edition" }, "cy");

        await course.PublishAsync(new PublishRequest("v2"), "dee");

        var history = await course.GetHistoryAsync();
        Assert.Equal([(1, VersionStatus.Archived, false), (2, VersionStatus.Published, true)], history.Select(h => (h.Number, h.Status, h.IsActive)));
        Assert.Equal(("dee", "ada", "cy", "dee"), (history[0].ArchivedBy, history[0].PublishedBy, history[1].CreatedBy, history[1].PublishedBy));
        Assert.NotNull(history[0].ArchivedAt);
    }

    [Fact]
    public async Task OnlyOneDraftAtATimeAndOnlyFrozenVersionsAreCopied()
    {
        var (_, course) = NewCourse();
        await course.CreateAsync(SampleCourses.Valid(), "ada");
        var fromDraft = await Assert.ThrowsAsync<DomainException>(() => course.CreateDraftAsync(1, "ada"));
        await course.PublishAsync(new PublishRequest(null), "ada");
        await course.CreateDraftAsync(null, "ada");

        var second = await Assert.ThrowsAsync<DomainException>(() => course.CreateDraftAsync(1, "ada"));

        Assert.Equal("draft_exists", fromDraft.Code);
        Assert.Equal((DomainErrorKind.Conflict, "draft_exists"), (second.Kind, second.Code));
    }

    [Fact]
    public async Task ADiscardedDraftIsGoneAndItsNumberIsNeverGivenAgain()
    {
        var (_, course) = NewCourse();
        await course.CreateAsync(SampleCourses.Valid(), "ada");
        await course.PublishAsync(new PublishRequest(null), "ada");
        await course.CreateDraftAsync(null, "ada");

        await course.DiscardDraftAsync("ada");
        var none = await Assert.ThrowsAsync<DomainException>(() => course.DiscardDraftAsync("ada"));
        var next = await course.CreateDraftAsync(null, "ada");

        Assert.Equal("no_draft", none.Code);
        Assert.Equal(3, next.Number);
        Assert.Equal([1, 3], (await course.GetHistoryAsync()).Select(h => h.Number));
    }

    [Fact]
    public async Task AnArchivedCourseLeavesTheLearnerCatalogAndCanBeRevivedFromAnArchivedVersion()
    {
        var (id, course) = NewCourse();
        await course.CreateAsync(SampleCourses.Valid(), "ada");
        await course.PublishAsync(new PublishRequest(null), "ada");

        await course.ArchiveAsync("retired", "boss");

        Assert.Null(await course.GetActiveAsync());
        Assert.Equal("boss", (await course.GetVersionAsync(1)).ArchivedBy);
        Assert.DoesNotContain(await Catalog.ListCoursesAsync(CatalogQuery.All), c => c.Id == id);
        Assert.Equal(VersionStatus.Archived, (await Catalog.ListCoursesAsync(new CatalogQuery(IncludeUnpublished: true))).Single(c => c.Id == id).Status);
        Assert.Equal("no_active_version", (await Assert.ThrowsAsync<DomainException>(() => course.ArchiveAsync("retired", "boss"))).Code);

        await course.CreateDraftAsync(1, "ada");
        var revived = await course.PublishAsync(new PublishRequest("back"), "ada");

        Assert.Equal(2, (await course.GetActiveAsync())!.Number);
        Assert.Equal(1, revived.CopiedFrom);
    }

    [Fact]
    public async Task APublishWithAFutureEffectiveDateKeepsTheCurrentVersionActiveUntilThen()
    {
        var (id, course) = NewCourse();
        await course.CreateAsync(SampleCourses.Valid(), "ada");
        await course.PublishAsync(new PublishRequest("v1"), "ada");
        await course.SaveDraftAsync(SampleCourses.Valid() with { Title = "Second edition" }, "ada");
        var effective = DateTimeOffset.UtcNow.AddSeconds(3);

        var scheduled = await course.PublishAsync(new PublishRequest("v2", effective), "ada");
        var blocked = await Assert.ThrowsAsync<DomainException>(async () =>
        {
            await course.CreateDraftAsync(null, "ada");
            await course.PublishAsync(new PublishRequest("v3", DateTimeOffset.UtcNow.AddMinutes(5)), "ada");
        });

        Assert.Equal((VersionStatus.Published, effective), (scheduled.Status, scheduled.EffectiveDate));
        Assert.Equal(1, (await course.GetActiveAsync())!.Number);
        Assert.True((await course.GetHistoryAsync()).Single(h => h.Number == 2).IsScheduled);
        Assert.Equal("publish_scheduled", blocked.Code);
        Assert.Equal(1, (await course.GetActiveAsync())!.Number);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await course.GetActiveAsync())!.Number != 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "version 2 did not become active within 30 s of its effective date");
            await Task.Delay(200);
        }

        Assert.True(DateTimeOffset.UtcNow >= effective);
        Assert.Equal(VersionStatus.Archived, (await course.GetVersionAsync(1)).Status);
        Assert.Equal(2, (await Catalog.ListCoursesAsync(CatalogQuery.All)).Single(c => c.Id == id).ActiveVersion);
    }

    [Fact]
    public async Task PrerequisitesMustBePublishedAndMustNotFormACycle()
    {
        var (first, firstCourse) = NewCourse();
        var (second, secondCourse) = NewCourse();
        await firstCourse.CreateAsync(SampleCourses.Valid(), "ada");
        await secondCourse.CreateAsync(SampleCourses.Valid() with { Prerequisites = [first] }, "ada");

        var unpublished = await Assert.ThrowsAsync<DomainException>(() => secondCourse.PublishAsync(new PublishRequest(null), "ada"));
        await firstCourse.PublishAsync(new PublishRequest(null), "ada");
        await secondCourse.PublishAsync(new PublishRequest(null), "ada");
        await firstCourse.SaveDraftAsync(SampleCourses.Valid() with { Prerequisites = [second] }, "ada");
        var cycle = await Assert.ThrowsAsync<DomainException>(() => firstCourse.PublishAsync(new PublishRequest(null), "ada"));

        Assert.Equal(("prerequisite_not_published", "prerequisites"), (unpublished.Code, unpublished.Field));
        Assert.Equal("prerequisite_cycle", cycle.Code);
        Assert.NotNull(await firstCourse.GetDraftAsync());
    }

    [Fact]
    public async Task TheDiffBetweenTwoVersionsComesFromTheGrain()
    {
        var (_, course) = NewCourse();
        await course.CreateAsync(SampleCourses.Valid(), "ada");
        await course.PublishAsync(new PublishRequest(null), "ada");
        await course.SaveDraftAsync(SampleCourses.Valid() with { Title = "Renamed" }, "ada");

        var diff = await course.DiffAsync(1, 2);

        Assert.Equal([new FieldChange("title", "Phishing Awareness", "Renamed")], diff.Metadata.AsEnumerable());
        Assert.Equal(DomainErrorKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => course.DiffAsync(1, 9))).Kind);
    }

    private ICatalogGrain Catalog => fixture.Client.GetGrain<ICatalogGrain>(GrainKeys.Catalog);

    private (string Id, ICourseGrain Grain) NewCourse()
    {
        var id = $"c-{Guid.NewGuid():N}"[..20];
        return (id, fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course(id)));
    }
}
