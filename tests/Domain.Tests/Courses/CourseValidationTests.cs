using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using static CoursePortal.Grains.Abstractions.Courses.CourseValidation;

namespace CoursePortal.Domain.Tests.Courses;

public sealed class CourseValidationTests
{
    [Fact]
    public void ACourseWithAllFourLessonTypesIsValidAndPublishable()
    {
        Assert.Empty(ValidateDraft("phishing", SampleCourses.Valid()));
        Assert.Empty(ValidateForPublish("phishing", SampleCourses.Valid()));
    }

    public static TheoryData<string, CourseContent, string, string> BrokenCourses => new()
    {
        { "phishing", SampleCourses.Valid() with { Title = " " }, ErrorCodes.Required, "title" },
        { "phishing", SampleCourses.Valid() with { Title = new string('t', 201) }, ErrorCodes.TooLong, "title" },
        { "phishing", SampleCourses.Valid() with { Description = new string('d', MaxDescriptionLength + 1) }, ErrorCodes.TooLong, "description" },
        { "Phishing", SampleCourses.Valid(), ErrorCodes.InvalidId, "id" },
        { "../etc", SampleCourses.Valid(), ErrorCodes.InvalidId, "id" },
        { "phishing", SampleCourses.Valid() with { CoverImageUrl = "javascript:alert(1)" }, ErrorCodes.InvalidUrl, "coverImageUrl" },
        { "phishing", SampleCourses.Valid() with { CoverImageUrl = "ftp://example.com/a.png" }, ErrorCodes.InvalidUrl, "coverImageUrl" },
        { "phishing", SampleCourses.Valid() with { Tags = ["ok", " "] }, ErrorCodes.Required, "tags[1]" },
        { "phishing", SampleCourses.Valid() with { Tags = [.. Enumerable.Range(0, MaxTags + 1).Select(i => $"t{i}")] }, ErrorCodes.TooMany, "tags" },
        { "phishing", SampleCourses.Valid() with { StartDate = new DateOnly(2026, 2, 1), EndDate = new DateOnly(2026, 1, 1) }, ErrorCodes.InvalidDates, "endDate" },
        { "phishing", SampleCourses.Valid() with { EstimatedDurationMinutes = -1 }, ErrorCodes.OutOfRange, "estimatedDurationMinutes" },
        { "phishing", SampleCourses.Valid() with { Prerequisites = ["phishing"] }, ErrorCodes.SelfPrerequisite, "prerequisites" },
        { "phishing", SampleCourses.Valid() with { Prerequisites = ["gdpr", "gdpr"] }, ErrorCodes.DuplicateId, "prerequisites[1]" },
        { "phishing", SampleCourses.Valid() with { Instructors = ["Not An Id"] }, ErrorCodes.InvalidId, "instructors[0]" },
        { "phishing", SampleCourses.Valid() with { Modules = [new Module("dup", "A", null, []), new Module("dup", "B", null, [])] }, ErrorCodes.DuplicateId, "modules[1].id" },
        { "phishing", SampleCourses.Valid() with { Modules = [new Module("a b", "A", null, [])] }, ErrorCodes.InvalidId, "modules[0].id" },
        { "phishing", SampleCourses.Valid() with { Modules = [new Module("a", "", null, [])] }, ErrorCodes.Required, "modules[0].title" },
        {
            "phishing",
            SampleCourses.Valid() with { Modules = [new Module("a", "A", null, [SampleCourses.ContentLesson("x")]), new Module("b", "B", null, [SampleCourses.VideoLesson("x")])] },
            ErrorCodes.DuplicateId, "modules[1].lessons[0].id"
        },
        { "phishing", SampleCourses.WithLesson(SampleCourses.ContentLesson() with { Title = new string('t', 201) }), ErrorCodes.TooLong, "modules[0].lessons[0].title" },
        { "phishing", SampleCourses.WithLesson(SampleCourses.ContentLesson() with { Markdown = "" }), ErrorCodes.Required, "modules[0].lessons[0].markdown" },
        { "phishing", SampleCourses.WithLesson(SampleCourses.ContentLesson() with { Markdown = new string('m', MaxMarkdownBytes + 1) }), ErrorCodes.TooLong, "modules[0].lessons[0].markdown" },
        { "phishing", SampleCourses.WithLesson(SampleCourses.ContentLesson() with { Markdown = new string('é', (MaxMarkdownBytes / 2) + 1) }), ErrorCodes.TooLong, "modules[0].lessons[0].markdown" },
        { "phishing", SampleCourses.WithLesson(SampleCourses.ContentLesson() with { VideoUrl = "https://v.example.com" }), ErrorCodes.PayloadMismatch, "modules[0].lessons[0]" },
        { "phishing", SampleCourses.WithLesson(SampleCourses.ContentLesson() with { EstimatedMinutes = MaxMinutes + 1 }), ErrorCodes.OutOfRange, "modules[0].lessons[0].estimatedMinutes" },
        { "phishing", SampleCourses.WithLesson(SampleCourses.VideoLesson() with { VideoUrl = null }), ErrorCodes.Required, "modules[0].lessons[0].videoUrl" },
        { "phishing", SampleCourses.WithLesson(SampleCourses.VideoLesson() with { VideoUrl = "/relative.mp4" }), ErrorCodes.InvalidUrl, "modules[0].lessons[0].videoUrl" },
        { "phishing", SampleCourses.WithLesson(SampleCourses.DocumentLesson() with { DocumentUrl = "file:///etc/passwd" }), ErrorCodes.InvalidUrl, "modules[0].lessons[0].documentUrl" },
        { "phishing", SampleCourses.WithLesson(SampleCourses.DocumentLesson() with { Markdown = "body" }), ErrorCodes.PayloadMismatch, "modules[0].lessons[0]" },
        { "phishing", SampleCourses.WithLesson(SampleCourses.AssessmentLesson() with { Assessment = null }), ErrorCodes.InvalidAssessment, "modules[0].lessons[0].assessment.questions" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { Questions = [] })), ErrorCodes.InvalidAssessment, "modules[0].lessons[0].assessment.questions" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { PassMark = 0 })), ErrorCodes.OutOfRange, "modules[0].lessons[0].assessment.passMark" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { PassMark = 101 })), ErrorCodes.OutOfRange, "modules[0].lessons[0].assessment.passMark" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { MaxAttempts = 0 })), ErrorCodes.OutOfRange, "modules[0].lessons[0].assessment.maxAttempts" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { MaxAttempts = -3 })), ErrorCodes.OutOfRange, "modules[0].lessons[0].assessment.maxAttempts" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { MaxAttempts = MaxAttemptsLimit + 1 })), ErrorCodes.OutOfRange, "modules[0].lessons[0].assessment.maxAttempts" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { MinutesBetweenAttempts = -1 })), ErrorCodes.OutOfRange, "modules[0].lessons[0].assessment.minutesBetweenAttempts" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { MinutesBetweenAttempts = MaxMinutesBetweenAttempts + 1 })), ErrorCodes.OutOfRange, "modules[0].lessons[0].assessment.minutesBetweenAttempts" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { MinutesBetweenAttempts = int.MaxValue })), ErrorCodes.OutOfRange, "modules[0].lessons[0].assessment.minutesBetweenAttempts" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { Questions = [a.Questions[0] with { Options = [a.Questions[0].Options[0]] }] })), ErrorCodes.InvalidAssessment, "modules[0].lessons[0].assessment.questions[0].options" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { Questions = [a.Questions[0] with { Options = [.. a.Questions[0].Options.Select(o => o with { Correct = false })] }] })), ErrorCodes.InvalidAssessment, "modules[0].lessons[0].assessment.questions[0].options" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { Questions = [a.Questions[1] with { Multiple = false }] })), ErrorCodes.InvalidAssessment, "modules[0].lessons[0].assessment.questions[0].options" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { Questions = [a.Questions[0], a.Questions[0]] })), ErrorCodes.DuplicateId, "modules[0].lessons[0].assessment.questions[1].id" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { Questions = [a.Questions[0] with { Text = "" }] })), ErrorCodes.Required, "modules[0].lessons[0].assessment.questions[0].text" },
        { "phishing", SampleCourses.WithLesson(Quiz(a => a with { Questions = [a.Questions[0] with { Options = [a.Questions[0].Options[0], a.Questions[0].Options[0] with { Correct = false }] }] })), ErrorCodes.DuplicateId, "modules[0].lessons[0].assessment.questions[0].options[1].id" },
    };

    [Theory]
    [MemberData(nameof(BrokenCourses))]
    public void EachBrokenRuleIsRejectedWithItsCodeAndField(string courseId, CourseContent content, string code, string field)
    {
        var errors = ValidateDraft(courseId, content);

        Assert.Contains(errors, e => e.Code == code && e.Field == field);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(1, 0)]
    [InlineData(MaxAttemptsLimit, MaxMinutesBetweenAttempts)]
    [InlineData(3, 60)]
    public void AnAttemptsPolicyWithinItsBoundsIsValid(int? maxAttempts, int? minutesBetweenAttempts)
    {
        var content = SampleCourses.WithLesson(Quiz(a => a with { MaxAttempts = maxAttempts, MinutesBetweenAttempts = minutesBetweenAttempts }));

        Assert.Empty(ValidateDraft("phishing", content));
    }

    [Fact]
    public void MoreThanTwoHundredLessonsAreRejected()
    {
        var lessons = Enumerable.Range(0, MaxLessons + 1).Select(i => SampleCourses.ContentLesson($"l{i}")).ToImmutableArray();
        var content = SampleCourses.Valid() with { Modules = [new Module("big", "Big", null, lessons)] };

        Assert.Contains(ValidateDraft("big", content), e => e.Code == ErrorCodes.TooMany && e.Field == "modules");
        Assert.Empty(ValidateDraft("big", content with { Modules = [new Module("big", "Big", null, lessons[..MaxLessons])] }));
    }

    [Fact]
    public void ADraftWithoutRequiredLessonsMayBeSavedButNotPublished()
    {
        var content = SampleCourses.WithLesson(SampleCourses.ContentLesson(required: false));

        Assert.Empty(ValidateDraft("phishing", content));
        Assert.Contains(ValidateForPublish("phishing", content), e => e.Code == ErrorCodes.NoRequiredLesson && e.Field == "modules");
    }

    [Fact]
    public void ThrowIfAnyReportsEveryErrorAndNamesTheFirstField()
    {
        var errors = ValidateDraft("phishing", SampleCourses.Valid() with { Title = "", CoverImageUrl = "nope" });

        var refusal = Assert.Throws<CoursePortal.Grains.Abstractions.Common.DomainException>(() => ThrowIfAny(errors));

        Assert.Equal(2, refusal.Errors.Length);
        Assert.Equal(("required", "title"), (refusal.Code, refusal.Field));
    }

    [Fact]
    public void AnAssessmentBreakingSeveralRulesReportsThemInOrder()
    {
        const string Path = "modules[0].lessons[0]";
        var lesson = Quiz(a => new Assessment(0,
        [
            new Question("q1", "", false, [new AnswerOption("a", "Yes", false)]),
            new Question("q1", "Which?", false, [new AnswerOption("a", "Yes", true), new AnswerOption("a", "No", true)]),
        ], MaxAttempts: 0, MinutesBetweenAttempts: -1)) with { Markdown = "# stray" };

        var errors = ValidateDraft("phishing", SampleCourses.WithLesson(lesson));

        Assert.Equal(
            [
                (ErrorCodes.PayloadMismatch, Path),
                (ErrorCodes.OutOfRange, $"{Path}.assessment.passMark"),
                (ErrorCodes.OutOfRange, $"{Path}.assessment.maxAttempts"),
                (ErrorCodes.OutOfRange, $"{Path}.assessment.minutesBetweenAttempts"),
                (ErrorCodes.Required, $"{Path}.assessment.questions[0].text"),
                (ErrorCodes.InvalidAssessment, $"{Path}.assessment.questions[0].options"),
                (ErrorCodes.InvalidAssessment, $"{Path}.assessment.questions[0].options"),
                (ErrorCodes.DuplicateId, $"{Path}.assessment.questions[1].id"),
                (ErrorCodes.InvalidAssessment, $"{Path}.assessment.questions[1].options"),
                (ErrorCodes.DuplicateId, $"{Path}.assessment.questions[1].options[1].id"),
            ],
            errors.Select(e => (e.Code, e.Field)));
    }

    [Fact]
    public void ALessonOfNoKnownTypeIsReportedOnceAndItsPayloadIsNotChecked()
    {
        var lesson = new Lesson("Bad Id", "", (LessonType)9, true, -1, Markdown: "", VideoUrl: "not a url");

        var errors = ValidateDraft("phishing", SampleCourses.WithLesson(lesson));

        Assert.Equal(
            [
                (ErrorCodes.InvalidId, "modules[0].lessons[0].id"),
                (ErrorCodes.Required, "modules[0].lessons[0].title"),
                (ErrorCodes.OutOfRange, "modules[0].lessons[0].estimatedMinutes"),
                (ErrorCodes.PayloadMismatch, "modules[0].lessons[0].type"),
            ],
            errors.Select(e => (e.Code, e.Field)));
    }

    private static Lesson Quiz(Func<Assessment, Assessment> change)
    {
        var lesson = SampleCourses.AssessmentLesson();
        return lesson with { Assessment = change(lesson.Assessment!) };
    }
}
