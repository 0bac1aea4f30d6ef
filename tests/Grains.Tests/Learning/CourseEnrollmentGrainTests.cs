using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Tests.Learning;

[Collection(ClusterCollection.Name)]
public sealed class CourseEnrollmentGrainTests(ClusterFixture fixture)
{
    private readonly LearnerSetup _setup = new(fixture.Client);

    [Fact]
    public async Task ALearnerKeepsTheVersionTheyStartedWhenANewOneIsPublished()
    {
        var userId = await _setup.UserAsync();
        var courseId = await _setup.CourseAsync();
        var progress = _setup.Progress(userId, courseId);
        await progress.StartAsync();

        var course = fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
        var v2 = (await course.GetActiveAsync())!.Content;
        await course.SaveDraftAsync(v2 with { Modules = [v2.Modules[0] with { Lessons = [v2.Modules[0].Lessons[0]] }] }, "author");
        await course.PublishAsync(new PublishRequest("shorter"), "author");
        await progress.CompleteLessonAsync("l1");
        var stillV1 = await progress.CompleteLessonAsync("l2");

        Assert.Equal((1, 100), (stillV1.Version, stillV1.Percent));
        Assert.NotNull(stillV1.CompletedAt);
    }

    [Fact]
    public async Task StartingACourseListsItOnTheUserOnceInTheOrderStarted()
    {
        var userId = await _setup.UserAsync();
        var (first, second) = (await _setup.CourseAsync(), await _setup.CourseAsync());
        var user = fixture.Client.GetGrain<Grains.Abstractions.Users.IUserGrain>(GrainKeys.User(userId));
        var before = await user.GetStartedCoursesAsync();

        await _setup.Progress(userId, first).StartAsync();
        await _setup.Progress(userId, second).StartAsync();
        await _setup.Progress(userId, first).StartAsync();

        Assert.Empty(before);
        Assert.Equal([first, second], (await user.GetStartedCoursesAsync()).AsEnumerable());
    }

    [Fact]
    public async Task CompletingALessonTwiceChangesNothingAndUnknownLessonsAreRefused()
    {
        var userId = await _setup.UserAsync();
        var courseId = await _setup.CourseAsync();
        var progress = _setup.Progress(userId, courseId);
        var notStarted = await Assert.ThrowsAsync<DomainException>(() => progress.CompleteLessonAsync("l1"));
        await progress.StartAsync();

        var once = await progress.CompleteLessonAsync("l1");
        var twice = await progress.CompleteLessonAsync("l1");
        var unknown = await Assert.ThrowsAsync<DomainException>(() => progress.CompleteLessonAsync("l9"));

        Assert.Equal("not_started", notStarted.Code);
        Assert.Equal(["l1"], once.CompletedLessons.AsEnumerable());
        Assert.Equal((50, "l2"), (once.Percent, once.CurrentLessonId));
        // The collections are compared by content: a second completion changes neither the lessons nor their times.
        Assert.Equal(once, twice with { CompletedLessons = once.CompletedLessons, CompletedLessonTimes = once.CompletedLessonTimes, Assessments = once.Assessments });
        Assert.Equal(once.CompletedLessonTimes, twice.CompletedLessonTimes);
        Assert.Equal((DomainErrorKind.NotFound, "lesson_not_in_version"), (unknown.Kind, unknown.Code));
    }

    [Fact]
    public async Task APassingAttemptCompletesTheAssessmentLessonAndAFailingOneIsKeptToo()
    {
        var userId = await _setup.UserAsync();
        var courseId = LearnerSetup.Unique("quiz");
        var course = fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
        await course.CreateAsync(Domain.Tests.Courses.SampleCourses.Valid(), "author");
        await course.PublishAsync(new PublishRequest(null), "author");
        var progress = _setup.Progress(userId, courseId);
        await progress.StartAsync();

        var wrong = await progress.SubmitAttemptAsync("quiz", Answers(("q1", ["b"]), ("q2", ["a", "b"])));
        var right = await progress.SubmitAttemptAsync("quiz", Answers(("q1", ["a"]), ("q2", ["a", "b"])));
        var notQuiz = await Assert.ThrowsAsync<DomainException>(() => progress.SubmitAttemptAsync("intro", Answers()));

        Assert.Equal((50, false), (wrong.Score, wrong.Passed));
        Assert.DoesNotContain("quiz", wrong.Progress.CompletedLessons);
        Assert.Equal((100, true), (right.Score, right.Passed));
        Assert.Contains("quiz", right.Progress.CompletedLessons);
        Assert.Equal("not_an_assessment", notQuiz.Code);
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(
            fixture.Events.Events.Count(e => e.UserId == userId && e.Kind == LearningEventKinds.AssessmentAttempted) == 2), "both attempts are in the audit trail");
    }

    [Fact]
    public async Task PrerequisitesMustBeCompleteBeforeACourseStarts()
    {
        var userId = await _setup.UserAsync();
        var basics = await _setup.CourseAsync();
        var advanced = await _setup.CourseAsync(prerequisites: [basics]);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => _setup.Progress(userId, advanced).StartAsync());
        await _setup.CompleteCourseAsync(userId, basics);
        await LearnerSetup.EventuallyAsync(async () => (await _setup.User(userId).GetCompletionsAsync()).ContainsKey(basics), "the completion reaches the user");
        var started = await _setup.Progress(userId, advanced).StartAsync();

        Assert.Equal((DomainErrorKind.Conflict, "prerequisites_incomplete"), (refusal.Kind, refusal.Code));
        Assert.Equal(1, started.Version);
    }

    [Fact]
    public async Task ACompletedCourseLeavesItsEventsAndReachesTheUserOffTheRequestPath()
    {
        var userId = await _setup.UserAsync();
        var courseId = await _setup.CourseAsync();

        await _setup.CompleteCourseAsync(userId, courseId);

        await LearnerSetup.EventuallyAsync(async () => (await _setup.User(userId).GetCompletionsAsync()).ContainsKey(courseId), "the user records the completion");
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(fixture.Events.Events.Count(e => e.UserId == userId) == 4), "four events land");
        Assert.Equal(
            [LearningEventKinds.CourseStarted, LearningEventKinds.LessonCompleted, LearningEventKinds.LessonCompleted, LearningEventKinds.CourseCompleted],
            fixture.Events.Events.Where(e => e.UserId == userId).Select(e => e.Kind));
    }

    private static ImmutableDictionary<string, ImmutableArray<string>> Answers(params (string Question, string[] Options)[] answers) =>
        answers.ToImmutableDictionary(a => a.Question, a => a.Options.ToImmutableArray());
}
