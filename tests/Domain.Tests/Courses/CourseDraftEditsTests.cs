using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;

namespace CoursePortal.Domain.Tests.Courses;

public sealed class CourseDraftEditsTests
{
    [Theory]
    [InlineData("Café Basics!", "cafe-basics")]
    [InlineData("  --Wrap   up-- ", "wrap-up")]
    [InlineData("???", "module")]
    [InlineData(null, "module")]
    public void ANewIdIsTheTitlesSlugOrTheFallback(string? title, string expected) =>
        Assert.Equal(expected, CourseDraftEdits.NewId(title, [], "module"));

    [Fact]
    public void ANewIdIsMadeUniqueAmongTheTakenOnesAndFitsTheIdLimit()
    {
        Assert.Equal("basics-3", CourseDraftEdits.NewId("Basics", ["basics", "basics-2"], "module"));

        var id = CourseDraftEdits.NewId(new string('a', 100), [new string('a', Ids.MaxLength - 4)], "module");

        Assert.Equal(new string('a', Ids.MaxLength - 4) + "-2", id);
        Assert.True(Ids.IsValid(id));
    }

    [Fact]
    public void AModuleIsAddedAtTheEndWithATrimmedTitleAndNoBlankDescription()
    {
        var content = CourseDraftEdits.AddModule(SampleCourses.Valid(), "  Basics ", "   ");

        Assert.Equal(["basics", "practice", "basics-2"], content.Modules.Select(m => m.Id));
        Assert.Equal(("Basics", null, 0), (content.Modules[2].Title, content.Modules[2].Description, content.Modules[2].Lessons.Length));
    }

    [Fact]
    public void AModuleIsUpdatedRemovedAndMovedByItsId()
    {
        var content = SampleCourses.Valid();

        var updated = CourseDraftEdits.UpdateModule(content, "practice", " Drill ", " Try it ");
        Assert.Equal(("Drill", "Try it"), (updated.Modules[1].Title, updated.Modules[1].Description));
        Assert.Equal(content.Modules[1].Lessons, updated.Modules[1].Lessons);
        Assert.Equal(["practice"], CourseDraftEdits.RemoveModule(content, "basics").Modules.Select(m => m.Id));
        Assert.Equal(["practice", "basics"], CourseDraftEdits.MoveModule(content, "practice", -1).Modules.Select(m => m.Id));
        Assert.Equal(["practice", "basics"], CourseDraftEdits.MoveModule(content, "basics", 5).Modules.Select(m => m.Id));
    }

    [Fact]
    public void AMovePastEitherEndChangesNothing()
    {
        var content = SampleCourses.Valid();

        const string Unchanged = "basics: intro, video | practice: policy, quiz";

        Assert.Equal(Unchanged, Outline(content));
        Assert.Equal(Unchanged, Outline(CourseDraftEdits.MoveModule(content, "basics", -1)));
        Assert.Equal(Unchanged, Outline(CourseDraftEdits.MoveModule(content, "practice", 1)));
        Assert.Equal(Unchanged, Outline(CourseDraftEdits.MoveLesson(content, "intro", -1)));
        Assert.Equal(Unchanged, Outline(CourseDraftEdits.MoveLesson(content, "video", 1)));
        Assert.Equal(Unchanged, Outline(CourseDraftEdits.MoveLesson(content, "quiz", 1)));
    }

    [Fact]
    public void SavingALessonReplacesItInPlaceAddsANewOneAtTheEndOrMovesItToAnotherModule()
    {
        var content = SampleCourses.Valid();
        var renamed = SampleCourses.ContentLesson() with { Title = "Welcome" };

        var replaced = CourseDraftEdits.SaveLesson(content, "basics", renamed);
        var added = CourseDraftEdits.SaveLesson(content, "basics", SampleCourses.ContentLesson("outro"));
        var moved = CourseDraftEdits.SaveLesson(content, "practice", renamed);

        Assert.Equal(["intro", "video"], replaced.Modules[0].Lessons.Select(l => l.Id));
        Assert.Equal("Welcome", replaced.Modules[0].Lessons[0].Title);
        Assert.Equal(["intro", "video", "outro"], added.Modules[0].Lessons.Select(l => l.Id));
        Assert.Equal(["video"], moved.Modules[0].Lessons.Select(l => l.Id));
        Assert.Equal(["policy", "quiz", "intro"], moved.Modules[1].Lessons.Select(l => l.Id));
        Assert.Equal("Welcome", moved.Modules[1].Lessons[2].Title);
    }

    [Fact]
    public void ALessonIsRemovedAndMovedWithinItsModule()
    {
        var content = SampleCourses.Valid();

        Assert.Equal(["intro"], CourseDraftEdits.RemoveLesson(content, "video").Modules[0].Lessons.Select(l => l.Id));
        Assert.Equal(["quiz", "policy"], CourseDraftEdits.MoveLesson(content, "quiz", -1).Modules[1].Lessons.Select(l => l.Id));
        Assert.Equal("practice", CourseDraftEdits.ModuleOfLesson(content, "quiz").Id);
    }

    [Fact]
    public void AnUnknownModuleOrLessonIsNotFound()
    {
        var content = SampleCourses.Valid();

        foreach (var edit in new Action[]
        {
            () => CourseDraftEdits.UpdateModule(content, "nope", "T", null),
            () => CourseDraftEdits.RemoveModule(content, "nope"),
            () => CourseDraftEdits.MoveModule(content, "nope", 1),
            () => CourseDraftEdits.SaveLesson(content, "nope", SampleCourses.ContentLesson()),
            () => CourseDraftEdits.RemoveLesson(content, "nope"),
            () => CourseDraftEdits.MoveLesson(content, "nope", 1),
        })
        {
            var error = Assert.Throws<DomainException>(edit);
            Assert.Equal((DomainErrorKind.NotFound, ErrorCodes.NotFound), (error.Kind, error.Code));
        }
    }

    /// <summary>Module and lesson ids in order, e.g. "basics: intro, video | practice: policy, quiz".</summary>
    private static string Outline(CourseContent content) =>
        string.Join(" | ", content.Modules.Select(m => $"{m.Id}: {string.Join(", ", m.Lessons.Select(l => l.Id))}"));
}
