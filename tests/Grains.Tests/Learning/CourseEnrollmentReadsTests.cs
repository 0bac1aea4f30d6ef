using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Learning;

namespace CoursePortal.Grains.Tests.Learning;

/// <summary>An enrollment's progress counts only required lessons and reaches 100 only with the course's completion;
/// a lesson is found only once the course is started and only in the pinned version.</summary>
public sealed class CourseEnrollmentReadsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private static CourseEnrollmentState Started() => new()
    {
        Version = 2,
        Lessons = [new("a", "m1", true, null), new("b", "m1", false, null), new("c", "m2", true, null), new("d", "m2", true, null)],
        StartedAt = T0,
        LastAccessedAt = T0,
        CurrentLessonId = "c",
    };

    [Fact]
    public void ProgressCountsRequiredLessonsOnlyAndStaysBelowAHundredUntilTheCourseIsCompleted()
    {
        var state = Started();
        state.CompletedLessons.AddRange(["a", "b", "c", "d"]);
        state.CompletedLessonTimes["a"] = T0;

        var progress = CourseEnrollmentReads.Progress(state, "intro", T0);
        Assert.Equal(99, progress.Percent);
        Assert.Equal(("m2", "c", 2), (progress.CurrentModuleId, progress.CurrentLessonId, progress.Version));
        Assert.Equal(T0, progress.CompletedLessonTimes["a"]);
        Assert.Null(progress.CompletedLessonTimes["b"]);

        state.CompletedLessons.RemoveAll(id => id is "c" or "d");
        Assert.Equal(33, CourseEnrollmentReads.Progress(state, "intro", T0).Percent);

        state.CompletedAt = T0;
        Assert.Equal(100, CourseEnrollmentReads.Progress(state, "intro", T0).Percent);
    }

    [Fact]
    public void ALessonIsFoundOnlyInAStartedCourseAndItsPinnedVersion()
    {
        Assert.Equal("not_started", Assert.Throws<DomainException>(() => CourseEnrollmentReads.RequireLesson(new CourseEnrollmentState(), "intro", "a")).Code);
        Assert.Equal("not_started", Assert.Throws<DomainException>(() => CourseEnrollmentReads.Progress(new CourseEnrollmentState(), "intro", T0)).Code);
        var missing = Assert.Throws<DomainException>(() => CourseEnrollmentReads.RequireLesson(Started(), "intro", "z"));
        Assert.Equal((DomainErrorKind.NotFound, "lesson_not_in_version"), (missing.Kind, missing.Code));
        Assert.Equal("m2", CourseEnrollmentReads.RequireLesson(Started(), "intro", "d").ModuleId);
        Assert.Equal("not_an_assessment", Assert.Throws<DomainException>(() => CourseEnrollmentReads.RequireAssessment(Started().Lessons[0])).Errors.Single().Code);
    }
}
