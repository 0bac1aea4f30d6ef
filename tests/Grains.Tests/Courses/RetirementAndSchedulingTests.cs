using System.Text.Json;
using CoursePortal.Domain.Tests.Courses;
using CoursePortal.Domain.Tests.Packages;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Grains.Tests.Courses;

/// <summary>Archiving a course or package with a reason, cancelling a scheduled publish and refusing a past effective
/// date: each refusal is tried as the mistake or attack it stops, and nothing changes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RetirementAndSchedulingTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ArchivingWithoutAReasonIsRefusedAndTheCourseStaysActive()
    {
        var (id, course) = await PublishedCourseAsync();

        var blank = await Assert.ThrowsAsync<DomainException>(() => course.ArchiveAsync("   ", "boss"));
        var huge = await Assert.ThrowsAsync<DomainException>(() => course.ArchiveAsync(new string('x', PublishRequest.MaxReasonLength + 1), "boss"));

        Assert.Equal(("required", "reason"), (blank.Code, blank.Field));
        Assert.Equal(("too_long", "reason"), (huge.Code, huge.Field));
        Assert.Equal(1, (await course.GetActiveAsync())!.Number);
        Assert.Contains(await Catalog.ListCoursesAsync(CatalogQuery.All), c => c.Id == id);
        Assert.DoesNotContain(fixture.Events.Events, e => e.CourseId == id && e.Kind == LearningEventKinds.VersionArchived);
    }

    [Fact]
    public async Task AnArchiveKeepsItsReasonAndIsAuditedWithIt()
    {
        var (id, course) = await PublishedCourseAsync();

        var archived = await course.ArchiveAsync("  Replaced by the 2027 edition  ", "boss");

        Assert.Equal((VersionStatus.Archived, "boss", "Replaced by the 2027 edition"), (archived.Status, archived.ArchivedBy, archived.ArchiveReason));
        Assert.Equal("Replaced by the 2027 edition", (await course.GetHistoryAsync()).Single().ArchiveReason);
        var audit = await EventAsync(id, LearningEventKinds.VersionArchived);
        Assert.Equal(("boss", 1), (audit.ActorId, audit.CourseVersion));
        Assert.Equal("Replaced by the 2027 edition", JsonDocument.Parse(audit.Details).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ACourseThatAnActivePackageOffersCannotBeArchivedAndStaysStartable()
    {
        var (courseId, course) = await PublishedCourseAsync();
        var packageId = LearnerSetup.Unique("pkg");
        var package = fixture.Client.GetGrain<IPackageGrain>(GrainKeys.Package(packageId));
        await package.CreateAsync(PackageSamples.Content(Set(null, SetMode.All, [Course(courseId)]), "Offers it"), "ada");
        await package.PublishAsync(new PublishRequest(null), "ada");

        var refused = await Assert.ThrowsAsync<DomainException>(() => course.ArchiveAsync("retired", "boss"));
        await package.ArchiveAsync("package retired first", "boss");
        var archived = await course.ArchiveAsync("retired", "boss");

        Assert.Equal((DomainErrorKind.Conflict, "course_in_use"), (refused.Kind, refused.Code));
        Assert.Contains("Offers it", refused.Message, StringComparison.Ordinal);
        Assert.Equal(VersionStatus.Archived, archived.Status);
        Assert.Equal("boss", (await EventAsync(courseId, LearningEventKinds.VersionArchived)).ActorId);
    }

    [Fact]
    public async Task TheRetiredVersionIsTheLastActiveOneNotOneReplacedOrACancelledScheduledPublish()
    {
        var (_, course) = await PublishedCourseAsync();
        await course.CreateDraftAsync(null, "ada");
        await course.PublishAsync(new PublishRequest("v2"), "ada");
        var whileActive = await course.GetRetiredAsync();

        await course.ArchiveAsync("retired", "boss");
        var retired = await course.GetRetiredAsync();
        await course.CreateDraftAsync(2, "ada");
        await course.PublishAsync(new PublishRequest("v3 later", DateTimeOffset.UtcNow.AddDays(3)), "ada");
        await course.CancelScheduledAsync("not yet", "boss");
        var afterCancel = await course.GetRetiredAsync();
        await course.CreateDraftAsync(2, "ada");
        await course.PublishAsync(new PublishRequest("v4 revives it"), "ada");

        Assert.Null(whileActive);
        Assert.Equal((2, VersionStatus.Archived), (retired!.Number, retired.Status));
        Assert.Equal(2, afterCancel!.Number);
        Assert.Null(await course.GetRetiredAsync());
    }

    [Fact]
    public async Task ArchivingWhileAPublishIsScheduledIsRefusedSoTheScheduledVersionCannotReviveIt()
    {
        var (_, course) = await PublishedCourseAsync();
        await course.CreateDraftAsync(null, "ada");
        await course.PublishAsync(new PublishRequest("later", DateTimeOffset.UtcNow.AddDays(3)), "ada");

        var refused = await Assert.ThrowsAsync<DomainException>(() => course.ArchiveAsync("retired", "boss"));

        Assert.Equal((DomainErrorKind.Conflict, "publish_scheduled"), (refused.Kind, refused.Code));
        Assert.Equal(1, (await course.GetActiveAsync())!.Number);
        Assert.True((await course.GetHistoryAsync()).Single(h => h.Number == 2).IsScheduled);
    }

    [Fact]
    public async Task ACancelledScheduledPublishNeverBecomesActiveAndIsAudited()
    {
        var (id, course) = await PublishedCourseAsync();
        await course.CreateDraftAsync(null, "ada");
        var effective = DateTimeOffset.UtcNow.AddSeconds(2);
        await course.PublishAsync(new PublishRequest("v2", effective), "ada");

        var cancelled = await course.CancelScheduledAsync("Legal has not signed it off", "boss");
        var again = await Assert.ThrowsAsync<DomainException>(() => course.CancelScheduledAsync(null, "boss"));
        await Task.Delay(effective - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3));

        Assert.Equal((2, VersionStatus.Archived, "boss", "Legal has not signed it off"), (cancelled.Number, cancelled.Status, cancelled.ArchivedBy, cancelled.ArchiveReason));
        Assert.Equal((DomainErrorKind.Conflict, "nothing_scheduled"), (again.Kind, again.Code));
        Assert.Equal(1, (await course.GetActiveAsync())!.Number);
        Assert.DoesNotContain(await course.GetHistoryAsync(), h => h.IsScheduled);
        var audit = await EventAsync(id, LearningEventKinds.PublishCancelled);
        Assert.Equal(("boss", 2), (audit.ActorId, audit.CourseVersion));
        Assert.Empty(await Events(id, LearningEventKinds.VersionArchived));

        // A new draft copied from the cancelled version can be published later.
        var draft = await course.CreateDraftAsync(2, "ada");
        Assert.Equal((3, 2), (draft.Number, draft.CopiedFrom));
    }

    [Fact]
    public async Task ACancelledPackagePublishLeavesTheActiveVersionTakingEnrollments()
    {
        var (courseId, _) = await PublishedCourseAsync();
        var package = fixture.Client.GetGrain<IPackageGrain>(GrainKeys.Package(LearnerSetup.Unique("pkg")));
        await package.CreateAsync(PackageSamples.Content(Set(null, SetMode.All, [Course(courseId)])), "ada");
        await package.PublishAsync(new PublishRequest(null), "ada");
        await package.CreateDraftAsync(null, "ada");
        await package.PublishAsync(new PublishRequest("v2", DateTimeOffset.UtcNow.AddDays(1)), "ada");

        var cancelled = await package.CancelScheduledAsync(null, "boss");

        Assert.Equal((2, VersionStatus.Archived, null), (cancelled.Number, cancelled.Status, cancelled.ArchiveReason));
        Assert.Equal(1, (await package.GetEnrollableVersionAsync(DateTimeOffset.UtcNow)).Number);
    }

    [Fact]
    public async Task APastEffectiveDateIsRefusedInsteadOfMeaningNowAndNothingIsPublished()
    {
        var (id, course) = await PublishedCourseAsync();
        await course.CreateDraftAsync(null, "ada");

        var refused = await Assert.ThrowsAsync<DomainException>(() => course.PublishAsync(new PublishRequest("back-dated", DateTimeOffset.UtcNow.AddDays(-1)), "ada"));
        var thisMinute = await course.PublishAsync(new PublishRequest("now", DateTimeOffset.UtcNow.AddSeconds(-20)), "ada");

        Assert.Equal(("effective_date_past", "effectiveDate"), (refused.Code, refused.Field));
        Assert.Equal((2, VersionStatus.Published), (thisMinute.Number, thisMinute.Status));
        Assert.Equal(2, (await course.GetActiveAsync())!.Number);
        Assert.DoesNotContain(await Events(id, LearningEventKinds.VersionPublished), e => e.Details.Contains("back-dated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APackagePublishWithAPastEffectiveDateLeavesTheDraftADraft()
    {
        var (courseId, _) = await PublishedCourseAsync();
        var package = fixture.Client.GetGrain<IPackageGrain>(GrainKeys.Package(LearnerSetup.Unique("pkg")));
        await package.CreateAsync(PackageSamples.Content(Set(null, SetMode.All, [Course(courseId)])), "ada");

        var refused = await Assert.ThrowsAsync<DomainException>(() => package.PublishAsync(new PublishRequest(null, DateTimeOffset.UtcNow.AddHours(-2)), "ada"));

        Assert.Equal("effective_date_past", refused.Code);
        Assert.NotNull(await package.GetDraftAsync());
        Assert.Null(await package.GetActiveAsync());
    }

    private ICatalogGrain Catalog => fixture.Client.GetGrain<ICatalogGrain>(GrainKeys.Catalog);

    private async Task<(string Id, ICourseGrain Grain)> PublishedCourseAsync()
    {
        var id = LearnerSetup.Unique("ret");
        var course = fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course(id));
        await course.CreateAsync(SampleCourses.Valid(), "ada");
        await course.PublishAsync(new PublishRequest("v1"), "ada");
        return (id, course);
    }

    private async Task<List<LearningEvent>> Events(string courseId, string kind)
    {
        // Version events are delivered from the grain's outbox after its write: give them a moment.
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(fixture.Events.Events.Any(e => e.CourseId == courseId && e.Kind == LearningEventKinds.VersionPublished)), "the publish event");
        return [.. fixture.Events.Events.Where(e => e.CourseId == courseId && e.Kind == kind)];
    }

    private async Task<LearningEvent> EventAsync(string courseId, string kind)
    {
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(fixture.Events.Events.Any(e => e.CourseId == courseId && e.Kind == kind)), kind);
        return fixture.Events.Events.Single(e => e.CourseId == courseId && e.Kind == kind);
    }
}
