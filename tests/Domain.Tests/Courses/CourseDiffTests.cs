using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;

namespace CoursePortal.Domain.Tests.Courses;

public sealed class CourseDiffTests
{
    [Fact]
    public void IdenticalVersionsHaveAnEmptyDiff() =>
        Assert.True(CourseDiff.Between(SampleCourses.Version(1, SampleCourses.Valid()), SampleCourses.Version(2, SampleCourses.Valid())).IsEmpty);

    [Fact]
    public void MetadataChangesAreListedFieldByField()
    {
        var before = SampleCourses.Valid();
        var after = before with { Title = "Phishing Awareness 2027", Tags = ["security"] };

        var diff = CourseDiff.Between(SampleCourses.Version(1, before), SampleCourses.Version(2, after));

        Assert.Contains(new FieldChange("title", "Phishing Awareness", "Phishing Awareness 2027"), diff.Metadata);
        Assert.Contains(new FieldChange("tags", "security, compliance", "security"), diff.Metadata);
        Assert.Equal(2, diff.Metadata.Length);
    }

    [Fact]
    public void LessonsAddedRemovedAndModifiedAreMatchedByTheirStableIds()
    {
        var before = SampleCourses.Valid();
        var basics = before.Modules[0];
        var after = before with
        {
            Modules =
            [
                basics with { Lessons = [basics.Lessons[0] with { Required = false }, SampleCourses.ContentLesson("new-one")] },
                before.Modules[1],
            ],
        };

        var diff = CourseDiff.Between(SampleCourses.Version(1, before), SampleCourses.Version(2, after));

        Assert.Equal(["new-one"], diff.LessonsAdded.Select(l => l.Id));
        Assert.Equal(["video"], diff.LessonsRemoved.Select(l => l.Id));
        var modified = Assert.Single(diff.LessonsModified);
        Assert.Equal("intro", modified.Id);
        Assert.Equal([new FieldChange("required", "true", "false")], modified.Changes.AsEnumerable());
        Assert.Empty(diff.ModulesAdded);
        Assert.Empty(diff.ModulesRemoved);
    }

    [Fact]
    public void ALessonMovedToAnotherModuleIsModifiedNotRemovedAndAdded()
    {
        var before = SampleCourses.Valid();
        var moved = before.Modules[0].Lessons[1];
        var after = before with
        {
            Modules =
            [
                before.Modules[0] with { Lessons = [before.Modules[0].Lessons[0]] },
                before.Modules[1] with { Lessons = [.. before.Modules[1].Lessons, moved] },
            ],
        };

        var diff = CourseDiff.Between(SampleCourses.Version(1, before), SampleCourses.Version(2, after));

        var change = Assert.Single(diff.LessonsModified);
        Assert.Equal("video", change.Id);
        Assert.Contains(new FieldChange("module", "basics", "practice"), change.Changes);
        Assert.Empty(diff.LessonsAdded);
        Assert.Empty(diff.LessonsRemoved);
    }

    [Fact]
    public void ModulesAddedAndRemovedAndAnAnswerKeyChangeAreShown()
    {
        var before = SampleCourses.Valid();
        var quiz = before.Modules[1].Lessons[1];
        var flipped = quiz with { Assessment = quiz.Assessment! with { PassMark = 90 } };
        var after = before with
        {
            Modules = [new Module("extra", "Extra", null, []), before.Modules[1] with { Lessons = [before.Modules[1].Lessons[0], flipped] }],
        };

        var diff = CourseDiff.Between(SampleCourses.Version(1, before), SampleCourses.Version(2, after));

        Assert.Equal(["extra"], diff.ModulesAdded.Select(m => m.Id));
        Assert.Equal(["basics"], diff.ModulesRemoved.Select(m => m.Id));
        Assert.Contains(diff.LessonsModified, l => l.Id == "quiz" && l.Changes.Contains(new FieldChange("passMark", "80", "90")));
        Assert.Empty(diff.ModulesModified);
    }

    [Fact]
    public void AChangedAttemptsPolicyIsShown()
    {
        var before = SampleCourses.Valid();
        var quiz = before.Modules[1].Lessons[1];
        var limited = quiz with { Assessment = quiz.Assessment! with { MaxAttempts = 3, MinutesBetweenAttempts = 60 } };
        var after = before with { Modules = [before.Modules[0], before.Modules[1] with { Lessons = [before.Modules[1].Lessons[0], limited] }] };

        var diff = CourseDiff.Between(SampleCourses.Version(1, before), SampleCourses.Version(2, after));

        var change = Assert.Single(diff.LessonsModified);
        Assert.Equal([new FieldChange("maxAttempts", null, "3"), new FieldChange("minutesBetweenAttempts", null, "60")], change.Changes.AsEnumerable());
    }
}
