using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Tests.Learning;

/// <summary>A course's start and end dates hold on the grain every route starts through: before the start date and after
/// the end date a start is refused with 409 course_not_available and records nothing; a learner who started inside the
/// dates finishes after the end date. The grains read a scripted clock.</summary>
[Collection(ScriptedClockCollection.Name)]
public sealed class CourseAvailabilityTests(ScriptedClockClusterFixture fixture)
{
    private readonly LearnerSetup _setup = new(fixture.Client);

    [Fact]
    public async Task StartingBeforeTheStartDateIsRefusedAndRecordsNothing()
    {
        var today = Today();
        var courseId = await DatedCourseAsync(today.AddDays(3), null);
        var userId = await _setup.UserAsync();
        var progress = _setup.Progress(userId, courseId);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => progress.StartAsync());
        var notStarted = await Assert.ThrowsAsync<DomainException>(() => progress.GetProgressAsync());
        // A later change of the same learner is audited after anything the refused start could have written.
        var other = await _setup.CourseAsync();
        await _setup.Progress(userId, other).StartAsync();
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(Events(userId).Any(e => e.CourseId == other)), "the other start is audited");

        Assert.Equal((DomainErrorKind.Conflict, ErrorCodes.CourseNotAvailable), (refusal.Kind, refusal.Code));
        Assert.Contains($"opens on {today.AddDays(3):yyyy-MM-dd}", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.NotStarted, notStarted.Code);
        Assert.Equal([other], (await _setup.User(userId).GetStartedCoursesAsync()).AsEnumerable());
        Assert.DoesNotContain(Events(userId), e => e.CourseId == courseId);
    }

    [Fact]
    public async Task ACourseStartsFromItsStartDateAndALearnerInsideFinishesAfterTheEndDateWhenNoOneElseCanStart()
    {
        var today = Today();
        var courseId = await DatedCourseAsync(today.AddDays(1), today.AddDays(2));
        var (early, started, late) = (await _setup.UserAsync(), await _setup.UserAsync(), await _setup.UserAsync());

        await Assert.ThrowsAsync<DomainException>(() => _setup.Progress(early, courseId).StartAsync());
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var begun = await _setup.Progress(started, courseId).StartAsync();
        fixture.Clock.Advance(TimeSpan.FromDays(2));
        var tooLate = await Assert.ThrowsAsync<DomainException>(() => _setup.Progress(late, courseId).StartAsync());
        var again = await _setup.Progress(started, courseId).StartAsync();
        await _setup.Progress(started, courseId).CompleteLessonAsync("l1");
        var finished = await _setup.Progress(started, courseId).CompleteLessonAsync("l2");

        Assert.Equal(1, begun.Version);
        Assert.Equal(ErrorCodes.CourseNotAvailable, tooLate.Code);
        Assert.Contains($"closed on {today.AddDays(2):yyyy-MM-dd}", tooLate.Message, StringComparison.Ordinal);
        Assert.Equal(begun.StartedAt, again.StartedAt);
        Assert.NotNull(finished.CompletedAt);
    }

    private DateOnly Today() => DateOnly.FromDateTime(fixture.Clock.Now.UtcDateTime);

    private async Task<string> DatedCourseAsync(DateOnly? start, DateOnly? end)
    {
        var id = LearnerSetup.Unique("dated");
        var course = fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course(id));
        await course.CreateAsync(new CourseContent($"Dated {id}", StartDate: start, EndDate: end, Modules:
        [
            new Module("m1", "Module", null,
            [
                new Lesson("l1", "One", LessonType.Content, true, 5, Markdown: "One"),
                new Lesson("l2", "Two", LessonType.Content, true, 5, Markdown: "Two"),
            ]),
        ]), "setup");
        await course.PublishAsync(new PublishRequest(null), "setup");
        return id;
    }

    private IEnumerable<LearningEvent> Events(string userId) => fixture.Events.Events.Where(e => e.UserId == userId);
}
