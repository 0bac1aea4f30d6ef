using System.Text;
using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>
/// The rules a course draft must keep, as pure functions: each broken rule is one
/// <see cref="FieldError"/> with a stable code and the path of the field.
/// </summary>
public static class CourseValidation
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 10_000;
    public const int MaxMarkdownBytes = 200 * 1024;
    public const int MaxLessons = 200;
    public const int MaxModules = 50;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;
    public const int MaxQuestions = 100;
    public const int MaxOptions = 20;
    public const int MaxMinutes = 10_000;

    /// <summary>The most attempts an author may allow on one assessment.</summary>
    public const int MaxAttemptsLimit = 100;

    /// <summary>The longest wait an author may put between two attempts: 30 days.</summary>
    public const int MaxMinutesBetweenAttempts = 30 * 24 * 60;

    /// <summary>Every broken rule of a draft of course <paramref name="courseId"/>; empty when it may be saved.</summary>
    public static IReadOnlyList<FieldError> ValidateDraft(string courseId, CourseContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var errors = new List<FieldError>();
        if (!Ids.IsValid(courseId))
        {
            errors.Add(new(ErrorCodes.InvalidId, "id", $"The course id '{courseId}' must be 1–{Ids.MaxLength} lower-case letters, digits, '-' or '_'."));
        }

        Title(errors, "title", content.Title);
        MaxLength(errors, "description", content.Description, MaxDescriptionLength);
        MaxLength(errors, "productSuite", content.ProductSuite, MaxTitleLength);
        MaxLength(errors, "productConcept", content.ProductConcept, MaxTitleLength);
        Url(errors, "coverImageUrl", content.CoverImageUrl, required: false);
        Tags(errors, content);
        if (content.StartDate is { } start && content.EndDate is { } end && end < start)
        {
            errors.Add(new(ErrorCodes.InvalidDates, "endDate", "The end date is before the start date."));
        }

        Minutes(errors, "estimatedDurationMinutes", content.EstimatedDurationMinutes);
        UserIds(errors, "instructors", content.Instructors);
        UserIds(errors, "prerequisites", content.Prerequisites);
        if (content.Prerequisites.Contains(courseId))
        {
            errors.Add(new(ErrorCodes.SelfPrerequisite, "prerequisites", "A course cannot be its own prerequisite."));
        }

        Modules(errors, content);
        return errors;
    }

    /// <summary>The draft rules plus what publishing needs (at least one required lesson).</summary>
    public static IReadOnlyList<FieldError> ValidateForPublish(string courseId, CourseContent content)
    {
        var errors = ValidateDraft(courseId, content).ToList();
        if (!content.AllLessons.Any(l => l.Required))
        {
            errors.Add(new(ErrorCodes.NoRequiredLesson, "modules", "A course needs at least one required lesson to be published."));
        }

        return errors;
    }

    /// <summary>Throws a <see cref="DomainException"/> listing every error, if there are any.</summary>
    public static void ThrowIfAny(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }
    }

    private static void Modules(List<FieldError> errors, CourseContent content)
    {
        if (content.Modules.Length > MaxModules)
        {
            errors.Add(new(ErrorCodes.TooMany, "modules", $"A course has at most {MaxModules} modules."));
        }

        var lessonCount = content.AllLessons.Count();
        if (lessonCount > MaxLessons)
        {
            errors.Add(new(ErrorCodes.TooMany, "modules", $"A course has at most {MaxLessons} lessons; this one has {lessonCount}."));
        }

        var moduleIds = new HashSet<string>(StringComparer.Ordinal);
        var lessonIds = new HashSet<string>(StringComparer.Ordinal);
        for (var m = 0; m < content.Modules.Length; m++)
        {
            var module = content.Modules[m];
            var path = $"modules[{m}]";
            Id(errors, $"{path}.id", module.Id, moduleIds, "module");
            Title(errors, $"{path}.title", module.Title);
            MaxLength(errors, $"{path}.description", module.Description, MaxDescriptionLength);
            for (var l = 0; l < module.Lessons.Length; l++)
            {
                Lesson(errors, $"{path}.lessons[{l}]", module.Lessons[l], lessonIds);
            }
        }
    }

    private static void Lesson(List<FieldError> errors, string path, Lesson lesson, HashSet<string> lessonIds)
    {
        Id(errors, $"{path}.id", lesson.Id, lessonIds, "lesson");
        Title(errors, $"{path}.title", lesson.Title);
        Minutes(errors, $"{path}.estimatedMinutes", lesson.EstimatedMinutes);
        if (!Enum.IsDefined(lesson.Type))
        {
            errors.Add(new(ErrorCodes.PayloadMismatch, $"{path}.type", $"'{lesson.Type}' is not a lesson type."));
            return;
        }

        if (CarriesForeignPayload(lesson))
        {
            errors.Add(new(ErrorCodes.PayloadMismatch, path, $"A {lesson.Type.ToString().ToLowerInvariant()} lesson carries only its own payload."));
        }

        Payload(errors, path, lesson);
    }

    private static bool CarriesForeignPayload(Lesson lesson)
    {
        var (markdown, video, document, assessment) = (lesson.Markdown is not null, lesson.VideoUrl is not null || lesson.Transcript is not null,
            lesson.DocumentUrl is not null || lesson.FileName is not null, lesson.Assessment is not null);
        return lesson.Type switch
        {
            LessonType.Content => video || document || assessment,
            LessonType.Video => markdown || document || assessment,
            LessonType.Document => markdown || video || assessment,
            LessonType.Assessment => markdown || video || document,
            _ => true,
        };
    }

    private static void Payload(List<FieldError> errors, string path, Lesson lesson)
    {
        switch (lesson.Type)
        {
            case LessonType.Content:
                MarkdownBody(errors, $"{path}.markdown", lesson.Markdown);
                break;
            case LessonType.Video:
                Url(errors, $"{path}.videoUrl", lesson.VideoUrl, required: true);
                MarkdownSize(errors, $"{path}.transcript", lesson.Transcript);
                break;
            case LessonType.Document:
                Url(errors, $"{path}.documentUrl", lesson.DocumentUrl, required: true);
                MaxLength(errors, $"{path}.fileName", lesson.FileName, MaxTitleLength);
                break;
            case LessonType.Assessment:
                Assessment(errors, $"{path}.assessment", lesson.Assessment);
                break;
        }
    }

    private static void MarkdownBody(List<FieldError> errors, string path, string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            errors.Add(new(ErrorCodes.Required, path, "A content lesson needs a Markdown body."));
        }

        MarkdownSize(errors, path, markdown);
    }

    private static void Assessment(List<FieldError> errors, string path, Assessment? assessment)
    {
        if (assessment is null || assessment.Questions.IsEmpty)
        {
            errors.Add(new(ErrorCodes.InvalidAssessment, $"{path}.questions", "An assessment needs at least one question."));
            return;
        }

        PassMarkAndAttempts(errors, path, assessment);
        if (assessment.Questions.Length > MaxQuestions)
        {
            errors.Add(new(ErrorCodes.TooMany, $"{path}.questions", $"An assessment has at most {MaxQuestions} questions."));
        }

        var questionIds = new HashSet<string>(StringComparer.Ordinal);
        for (var q = 0; q < assessment.Questions.Length; q++)
        {
            Question(errors, $"{path}.questions[{q}]", assessment.Questions[q], questionIds);
        }
    }

    private static void PassMarkAndAttempts(List<FieldError> errors, string path, Assessment assessment)
    {
        if (assessment.PassMark is < 1 or > 100)
        {
            errors.Add(new(ErrorCodes.OutOfRange, $"{path}.passMark", "The pass mark is a percentage from 1 to 100."));
        }

        if (assessment.MaxAttempts is < 1 or > MaxAttemptsLimit)
        {
            errors.Add(new(ErrorCodes.OutOfRange, $"{path}.maxAttempts", $"The maximum of attempts is from 1 to {MaxAttemptsLimit}, or empty for no limit."));
        }

        if (assessment.MinutesBetweenAttempts is < 0 or > MaxMinutesBetweenAttempts)
        {
            errors.Add(new(ErrorCodes.OutOfRange, $"{path}.minutesBetweenAttempts",
                $"The wait between attempts is from 0 to {MaxMinutesBetweenAttempts} minutes (30 days), or empty for none."));
        }
    }

    private static void Question(List<FieldError> errors, string path, Question question, HashSet<string> questionIds)
    {
        Id(errors, $"{path}.id", question.Id, questionIds, "question");
        if (string.IsNullOrWhiteSpace(question.Text))
        {
            errors.Add(new(ErrorCodes.Required, $"{path}.text", "A question needs its text."));
        }

        MaxLength(errors, $"{path}.text", question.Text, MaxDescriptionLength);
        OptionCount(errors, $"{path}.options", question.Options.Length);
        CorrectOptions(errors, $"{path}.options", question);
        var optionIds = new HashSet<string>(StringComparer.Ordinal);
        for (var o = 0; o < question.Options.Length; o++)
        {
            Id(errors, $"{path}.options[{o}].id", question.Options[o].Id, optionIds, "option");
            Title(errors, $"{path}.options[{o}].text", question.Options[o].Text);
        }
    }

    private static void OptionCount(List<FieldError> errors, string path, int count)
    {
        if (count < 2)
        {
            errors.Add(new(ErrorCodes.InvalidAssessment, path, "A question needs at least two options."));
        }

        if (count > MaxOptions)
        {
            errors.Add(new(ErrorCodes.TooMany, path, $"A question has at most {MaxOptions} options."));
        }
    }

    // A question scores when the options picked are exactly the correct ones, and a single-choice question takes one
    // pick: with several correct options it could never be answered right.
    private static void CorrectOptions(List<FieldError> errors, string path, Question question)
    {
        var correct = question.Options.Count(o => o.Correct);
        if (correct == 0)
        {
            errors.Add(new(ErrorCodes.InvalidAssessment, path, "A question needs at least one correct option."));
        }
        else if (!question.Multiple && correct > 1)
        {
            errors.Add(new(ErrorCodes.InvalidAssessment, path, "A single-choice question has exactly one correct option."));
        }
    }

    private static void Tags(List<FieldError> errors, CourseContent content)
    {
        if (content.Tags.Length > MaxTags)
        {
            errors.Add(new(ErrorCodes.TooMany, "tags", $"A course has at most {MaxTags} tags."));
        }

        for (var t = 0; t < content.Tags.Length; t++)
        {
            if (string.IsNullOrWhiteSpace(content.Tags[t]))
            {
                errors.Add(new(ErrorCodes.Required, $"tags[{t}]", "A tag cannot be blank."));
            }

            MaxLength(errors, $"tags[{t}]", content.Tags[t], MaxTagLength);
        }
    }

    private static void UserIds(List<FieldError> errors, string field, IReadOnlyList<string> ids)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            Id(errors, $"{field}[{i}]", ids[i], seen, field == "instructors" ? "instructor" : "prerequisite");
        }
    }

    private static void Id(List<FieldError> errors, string path, string? id, HashSet<string> seen, string what)
    {
        if (!Ids.IsValid(id))
        {
            errors.Add(new(ErrorCodes.InvalidId, path, $"The {what} id '{id}' must be 1–{Ids.MaxLength} lower-case letters, digits, '-' or '_'."));
        }
        else if (!seen.Add(id!))
        {
            errors.Add(new(ErrorCodes.DuplicateId, path, $"The {what} id '{id}' is used twice."));
        }
    }

    private static void Title(List<FieldError> errors, string path, string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            errors.Add(new(ErrorCodes.Required, path, "A title is required."));
        }

        MaxLength(errors, path, title, MaxTitleLength);
    }

    private static void MaxLength(List<FieldError> errors, string path, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(new(ErrorCodes.TooLong, path, $"At most {max} characters; this has {value.Length}."));
        }
    }

    private static void MarkdownSize(List<FieldError> errors, string path, string? value)
    {
        if (value is not null && Encoding.UTF8.GetByteCount(value) > MaxMarkdownBytes)
        {
            errors.Add(new(ErrorCodes.TooLong, path, $"At most {MaxMarkdownBytes / 1024} KB of text."));
        }
    }

    private static void Minutes(List<FieldError> errors, string path, int? minutes)
    {
        if (minutes is < 0 or > MaxMinutes)
        {
            errors.Add(new(ErrorCodes.OutOfRange, path, $"Minutes run from 0 to {MaxMinutes}."));
        }
    }

    private static void Url(List<FieldError> errors, string path, string? url, bool required)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            if (required)
            {
                errors.Add(new(ErrorCodes.Required, path, "A URL is required."));
            }

            return;
        }

        if (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add(new(ErrorCodes.InvalidUrl, path, "Only absolute http:// or https:// URLs are allowed."));
        }
    }
}
