using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Grains.Learning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace CoursePortal.Grains.Tests.Learning;

/// <summary>An enrollment's row holds the learner's progress, not the course's lessons: those come from the pinned
/// version, asked of the course grain once per silo and version; a row of the previous release, lessons included,
/// still reads.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SlimRowTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private static readonly SystemTextJsonGrainStorageSerializer Json = new(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));
    private readonly LearnerSetup _setup = new(fixture.Client);

    [Fact]
    public void TheStoredJsonLeavesTheLessonsOutAndARowOfThePreviousReleaseReadsItsLessons()
    {
        var state = new CourseEnrollmentState { Version = 2, Lessons = [new("a", "m", true, null)], StartedAt = T0, LastAccessedAt = T0 };
        state.CompletedLessons.Add("a");

        var written = Json.Serialize(state).ToString();
        var old = Json.Deserialize<CourseEnrollmentState>(BinaryData.FromString(
            """{"Version":2,"Lessons":[{"Id":"a","ModuleId":"m","Required":true},{"Id":"b","ModuleId":"m","Required":false}],"CompletedLessons":["a"],"StartedAt":"2026-01-05T08:00:00+00:00"}"""))!;

        Assert.DoesNotContain("\"Lessons\"", written, StringComparison.Ordinal);
        Assert.Contains("\"CompletedLessons\":[\"a\"]", written, StringComparison.Ordinal);
        Assert.Equal(["a", "b"], old.StoredLessons!.Select(l => l.Id));
        Assert.Empty(old.Lessons);
    }

    [Fact]
    public void DuringAnUpgradeFromTheReleaseBeforeSlimRowsTheRowKeepsTheLessonsItsSilosNeedAndAfterItDropsThem()
    {
        var old = Json.Deserialize<CourseEnrollmentState>(BinaryData.FromString(
            """{"Version":2,"Lessons":[{"Id":"a","ModuleId":"m","Required":true}],"CompletedLessons":[],"StartedAt":"2026-01-05T08:00:00+00:00"}"""))!;
        old.Lessons = old.StoredLessons!;

        old.PrepareRow(keepLessons: true);
        var duringUpgrade = Json.Serialize(old).ToString();
        old.PrepareRow(keepLessons: false);
        var afterUpgrade = Json.Serialize(old).ToString();

        Assert.Contains("\"Lessons\":[{\"Id\":\"a\",\"ModuleId\":\"m\",\"Required\":true", duringUpgrade, StringComparison.Ordinal);
        Assert.Equal(["a"], Json.Deserialize<CourseEnrollmentState>(BinaryData.FromString(duringUpgrade))!.StoredLessons!.Select(l => l.Id));
        Assert.DoesNotContain("\"Lessons\"", afterUpgrade, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStartedEnrollmentStoredWithoutLessonsTakesThemFromItsPinnedVersionNotTheActiveOne()
    {
        var userId = await _setup.UserAsync();
        var courseId = await _setup.CourseAsync();
        var course = fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
        var v1 = (await course.GetActiveAsync())!.Content;
        await course.SaveDraftAsync(v1 with { Modules = [v1.Modules[0] with { Lessons = [v1.Modules[0].Lessons[0]] }] }, "author");
        await course.PublishAsync(new PublishRequest("shorter"), "author");
        var progress = _setup.Progress(userId, courseId);
        var stored = new CourseEnrollmentState { Version = 1, StartedAt = T0, LastAccessedAt = T0, CurrentLessonId = "l2" };
        stored.CompletedLessons.Add("l1");
        await Storage().WriteStateAsync(StorageNames.CourseEnrollmentState, progress.GetGrainId(), new GrainState<CourseEnrollmentState>(stored));

        var before = await progress.GetProgressAsync();
        var after = await progress.CompleteLessonAsync("l2");

        Assert.Equal((1, 50, "m1"), (before.Version, before.Percent, before.CurrentModuleId));
        Assert.Equal((1, 100), (after.Version, after.Percent));
        Assert.NotNull(after.CompletedAt);
    }

    [Fact]
    public async Task AnEnrollmentWhoseVersionCannotBeReadFailsTheCallAndTheNextCallAsksAgain()
    {
        var userId = await _setup.UserAsync();
        var courseId = await _setup.CourseAsync();
        var progress = _setup.Progress(userId, courseId);
        var stored = new CourseEnrollmentState { Version = 2, StartedAt = T0, LastAccessedAt = T0, CurrentLessonId = "l1" };
        await Storage().WriteStateAsync(StorageNames.CourseEnrollmentState, progress.GetGrainId(), new GrainState<CourseEnrollmentState>(stored));

        await Assert.ThrowsAnyAsync<Exception>(() => progress.GetProgressAsync());
        var course = fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
        await course.CreateDraftAsync(null, "author");
        await course.PublishAsync(new PublishRequest("v2"), "author");
        var completed = await progress.CompleteLessonAsync("l1");

        Assert.Equal((2, 50), (completed.Version, completed.Percent));
    }

    [Fact]
    public async Task OneVersionIsFetchedIntoOneSharedListAndAFailedFetchIsNotRemembered()
    {
        var courseId = await _setup.CourseAsync();
        var course = fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));

        var together = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PinnedLessons.GetAsync(fixture.Client, courseId, 1)));
        var missing = await Assert.ThrowsAsync<DomainException>(() => PinnedLessons.GetAsync(fixture.Client, courseId, 2));
        await course.CreateDraftAsync(null, "author");
        await course.PublishAsync(new PublishRequest("again"), "author");
        var published = await PinnedLessons.GetAsync(fixture.Client, courseId, 2);

        Assert.Equal(["l1", "l2", "l3"], together[0].Select(l => l.Id));
        Assert.All(together, lessons => Assert.Same(together[0], lessons));
        Assert.Equal(DomainErrorKind.NotFound, missing.Kind);
        Assert.Equal(["l1", "l2", "l3"], published.Select(l => l.Id));
        Assert.Same(published, await PinnedLessons.GetAsync(fixture.Client, courseId, 2));
    }

    private IGrainStorage Storage() =>
        fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress).GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
}
