using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>The lesson form: every type's payload fields (only the chosen type's are kept), and the
/// assessment's questions with a few blank slots so a question or option can be added without JavaScript.</summary>
public sealed partial class LessonInput
{
    public const int BlankQuestions = 1;
    public const int BlankOptions = 2;
    public const int OptionsOfANewQuestion = 4;

    [Display(Name = "Module")]
    public string ModuleId { get; set; } = "";

    [Required, StringLength(CourseValidation.MaxTitleLength)]
    public string Title { get; set; } = "";

    public LessonType Type { get; set; }

    [Display(Name = "Required to complete the course")]
    public bool Required { get; set; } = true;

    [Display(Name = "Estimated minutes")]
    public int? EstimatedMinutes { get; set; }

    [Display(Name = "Body (Markdown)")]
    public string? Markdown { get; set; }

    [Display(Name = "Video URL")]
    public string? VideoUrl { get; set; }

    [Display(Name = "Transcript (Markdown)")]
    public string? Transcript { get; set; }

    [Display(Name = "Document URL")]
    public string? DocumentUrl { get; set; }

    [Display(Name = "File name")]
    public string? FileName { get; set; }

    [Display(Name = "Pass mark (%)")]
    public int PassMark { get; set; } = 80;

    [Display(Name = "Maximum attempts")]
    public int? MaxAttempts { get; set; }

    [Display(Name = "Wait between attempts (minutes)")]
    public int? MinutesBetweenAttempts { get; set; }

    public List<QuestionInput> Questions { get; set; } = [];

    public static LessonInput From(Lesson lesson, string moduleId)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        var input = new LessonInput
        {
            ModuleId = moduleId,
            Title = lesson.Title,
            Type = lesson.Type,
            Required = lesson.Required,
            EstimatedMinutes = lesson.EstimatedMinutes,
            Markdown = lesson.Markdown,
            VideoUrl = lesson.VideoUrl,
            Transcript = lesson.Transcript,
            DocumentUrl = lesson.DocumentUrl,
            FileName = lesson.FileName,
            PassMark = lesson.Assessment?.PassMark ?? 80,
            MaxAttempts = lesson.Assessment?.MaxAttempts,
            MinutesBetweenAttempts = lesson.Assessment?.MinutesBetweenAttempts,
            Questions = [.. (lesson.Assessment?.Questions ?? []).Select(q => new QuestionInput
            {
                Id = q.Id,
                Text = q.Text,
                Multiple = q.Multiple,
                Options = [.. q.Options.Select(o => new OptionInput { Id = o.Id, Text = o.Text, Correct = o.Correct })],
            })],
        };
        return input.WithBlankSlots();
    }

    /// <summary>Adds the empty question and option slots the form offers for adding.</summary>
    public LessonInput WithBlankSlots()
    {
        foreach (var question in Questions)
        {
            question.Options.AddRange(Enumerable.Range(0, BlankOptions).Select(_ => new OptionInput()));
        }

        Questions.AddRange(Enumerable.Range(0, BlankQuestions).Select(_ => new QuestionInput
        {
            Options = [.. Enumerable.Range(0, OptionsOfANewQuestion).Select(_ => new OptionInput())],
        }));
        return this;
    }

    /// <summary>The lesson this form describes, with <paramref name="id"/>; <see cref="Map"/> then finds the
    /// form field of any validation path of it.</summary>
    public Lesson ToLesson(string id)
    {
        Assessment? assessment = null;
        if (Type == LessonType.Assessment)
        {
            var questions = new List<Question>();
            var used = Questions.Where(q => !string.IsNullOrEmpty(q.Id)).Select(q => q.Id!).ToHashSet(StringComparer.Ordinal);
            _questionSlots.Clear();
            _optionSlots.Clear();
            for (var i = 0; i < Questions.Count; i++)
            {
                var q = Questions[i];
                var options = q.Options.Select((o, j) => (o, j)).Where(p => !string.IsNullOrWhiteSpace(p.o.Text) || p.o.Correct).ToList();
                if (q.Remove || (string.IsNullOrWhiteSpace(q.Text) && options.Count == 0))
                {
                    continue;
                }

                var questionId = string.IsNullOrEmpty(q.Id) ? Next("q", used) : q.Id;
                var optionIds = q.Options.Where(o => !string.IsNullOrEmpty(o.Id)).Select(o => o.Id!).ToHashSet(StringComparer.Ordinal);
                questions.Add(new Question(questionId, (q.Text ?? "").Trim(), q.Multiple,
                    [.. options.Select(p => new AnswerOption(string.IsNullOrEmpty(p.o.Id) ? Next("o", optionIds) : p.o.Id, (p.o.Text ?? "").Trim(), p.o.Correct))]));
                _questionSlots.Add(i);
                _optionSlots.Add([.. options.Select(p => p.j)]);
            }

            assessment = new Assessment(PassMark, [.. questions], MaxAttempts, MinutesBetweenAttempts);
        }

        return new Lesson(id, Title.Trim(), Type, Required, EstimatedMinutes,
            Markdown: Type == LessonType.Content ? Markdown ?? "" : null,
            VideoUrl: Type == LessonType.Video ? OptionalText.TrimmedOrNull(VideoUrl) ?? "" : null,
            Transcript: Type == LessonType.Video ? OptionalText.TrimmedOrNull(Transcript) : null,
            DocumentUrl: Type == LessonType.Document ? OptionalText.TrimmedOrNull(DocumentUrl) ?? "" : null,
            FileName: Type == LessonType.Document ? OptionalText.TrimmedOrNull(FileName) : null,
            Assessment: assessment);
    }

    /// <summary>The form field for a validation path inside the lesson (e.g. <c>assessment.questions[0].options[1].text</c>
    /// → <c>Input.Questions[2].Options[3].Text</c> when blank slots were skipped), or null for the summary.</summary>
    public string? Map(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var question = QuestionPath().Match(path);
        if (question.Success)
        {
            var q = _questionSlots[int.Parse(question.Groups[1].Value, CultureInfo.InvariantCulture)];
            var prefix = $"Input.Questions[{q.ToString(CultureInfo.InvariantCulture)}]";
            if (question.Groups[2].Success)
            {
                var o = _optionSlots[_questionSlots.IndexOf(q)].ElementAtOrDefault(int.Parse(question.Groups[2].Value, CultureInfo.InvariantCulture));
                prefix += $".Options[{o.ToString(CultureInfo.InvariantCulture)}]";
            }

            return question.Groups[3].Success ? $"{prefix}.{Pascal(question.Groups[3].Value)}" : $"{prefix}.Text";
        }

        return path switch
        {
            "title" or "estimatedMinutes" or "markdown" or "videoUrl" or "transcript" or "documentUrl" or "fileName" => $"Input.{Pascal(path)}",
            "assessment.passMark" => "Input.PassMark",
            "assessment.maxAttempts" => "Input.MaxAttempts",
            "assessment.minutesBetweenAttempts" => "Input.MinutesBetweenAttempts",
            "type" => "Input.Type",
            _ => null,
        };
    }

    private readonly List<int> _questionSlots = [];
    private readonly List<int[]> _optionSlots = [];

    [GeneratedRegex(@"^assessment\.questions\[(\d+)\](?:\.options\[(\d+)\])?(?:\.(\w+))?$")]
    private static partial Regex QuestionPath();

    private static string Next(string prefix, HashSet<string> used)
    {
        var n = 1;
        while (!used.Add($"{prefix}{n.ToString(CultureInfo.InvariantCulture)}"))
        {
            n++;
        }

        return $"{prefix}{n.ToString(CultureInfo.InvariantCulture)}";
    }

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}

public sealed class QuestionInput
{
    public string? Id { get; set; }

    [Display(Name = "Question")]
    public string? Text { get; set; }

    [Display(Name = "More than one answer is correct")]
    public bool Multiple { get; set; }

    [Display(Name = "Remove this question")]
    public bool Remove { get; set; }

    public List<OptionInput> Options { get; set; } = [];
}

public sealed class OptionInput
{
    public string? Id { get; set; }

    [Display(Name = "Answer")]
    public string? Text { get; set; }

    [Display(Name = "Correct")]
    public bool Correct { get; set; }
}
