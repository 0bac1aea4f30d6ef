using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>The course draft editor: metadata, and modules and lessons added, changed, reordered and removed,
/// one form post per change.</summary>
public sealed class EditModel(CourseService courses, UserService users) : DraftEditorModel<CourseContent>
{
    private const int MaxCandidates = 10;

    public CourseEditing Course { get; private set; } = null!;

    [BindProperty]
    public MetadataInput Input { get; set; } = new();

    /// <summary>The version shown read-only: the one asked for, else (with no draft to edit) the active or newest one.</summary>
    public ContentVersion<CourseContent>? Viewed { get; private set; }

    public VersionInfo? ViewedInfo => Viewed is { } v ? Course.History.FirstOrDefault(h => h.Number == v.Number) : null;

    /// <summary>The version waiting for its effective date, if any.</summary>
    public VersionInfo? Scheduled => Course.History.FirstOrDefault(h => h.IsScheduled);

    /// <summary>The draft's instructors by user id, with the profile of each that has an account.</summary>
    public IReadOnlyList<(string UserId, UserProfile? Profile)> Instructors { get; private set; } = [];

    /// <summary>The people matching the instructor search, when one was made.</summary>
    public IReadOnlyList<UserProfile>? Candidates { get; private set; }

    public string? InstructorQuery { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, int? version, string? instructorQuery)
    {
        await LoadAsync(id, keepInput: false);
        if (version is { } n && n != Course.Draft?.Number)
        {
            Viewed = await courses.GetVersionAsync(id, n);
        }

        if (!string.IsNullOrWhiteSpace(instructorQuery) && Course.Draft is not null)
        {
            InstructorQuery = instructorQuery.Trim();
            Candidates = await users.SearchAsync(InstructorQuery, MaxCandidates);
        }

        return Page();
    }

    /// <summary>Adds a person found by the search as an instructor; someone without an account is refused on the page.</summary>
    public async Task<IActionResult> OnPostAddInstructorAsync(string id, long revision, string? userId)
    {
        var found = await users.FindProfilesAsync([userId ?? ""]);
        var person = found.Count > 0 ? found[0] : null;
        if (person is null)
        {
            ModelState.AddModelError("", $"No user has the id '{userId}'; search for the person again.");
            await LoadAsync(id, keepInput: false);
            return Page();
        }

        return await EditAsync(id, revision, c => c.Instructors.Contains(person.UserId) ? c : c with { Instructors = c.Instructors.Add(person.UserId) },
            $"{person.DisplayName} is an instructor of this course.");
    }

    public Task<IActionResult> OnPostRemoveInstructorAsync(string id, long revision, string? userId) =>
        EditAsync(id, revision, c => c with { Instructors = c.Instructors.Remove(userId ?? "") }, "Instructor removed.");

    public Task<IActionResult> OnPostMetadataAsync(string id, long revision) =>
        EditAsync(id, revision, c => Input.ApplyTo(c), "Course details saved.", details: true);

    public Task<IActionResult> OnPostAddModuleAsync(string id, long revision, string? moduleTitle, string? moduleDescription) =>
        EditAsync(id, revision, c => CourseDraftEdits.AddModule(c, moduleTitle ?? "", moduleDescription), "Module added.");

    public Task<IActionResult> OnPostUpdateModuleAsync(string id, long revision, string moduleId, string? moduleTitle, string? moduleDescription) =>
        EditAsync(id, revision, c => CourseDraftEdits.UpdateModule(c, moduleId, moduleTitle ?? "", moduleDescription), "Module saved.");

    public Task<IActionResult> OnPostMoveModuleAsync(string id, long revision, string moduleId, int delta) =>
        EditAsync(id, revision, c => CourseDraftEdits.MoveModule(c, moduleId, delta), "Module moved.");

    public Task<IActionResult> OnPostRemoveModuleAsync(string id, long revision, string moduleId) =>
        EditAsync(id, revision, c => CourseDraftEdits.RemoveModule(c, moduleId), "Module removed.");

    public Task<IActionResult> OnPostMoveLessonAsync(string id, long revision, string lessonId, int delta) =>
        EditAsync(id, revision, c => CourseDraftEdits.MoveLesson(c, lessonId, delta), "Lesson moved.");

    public Task<IActionResult> OnPostRemoveLessonAsync(string id, long revision, string lessonId) =>
        EditAsync(id, revision, c => CourseDraftEdits.RemoveLesson(c, lessonId), "Lesson removed.");

    public Task<IActionResult> OnPostCreateDraftAsync(string id, int? fromVersion) =>
        ActAsync(id, () => courses.CreateDraftAsync(id, fromVersion, User.UserId()!), "A new draft is open.");

    public Task<IActionResult> OnPostDiscardDraftAsync(string id) =>
        ActAsync(id, () => courses.DiscardDraftAsync(id, User.UserId()!), "The draft was discarded.");

    protected override Task<ContentVersion<CourseContent>> SaveDraftAsync(string id, long revision, Func<CourseContent, CourseContent> edit) =>
        courses.EditDraftAsync(id, revision, edit, User.UserId()!);

    // Details errors beside their field; those of the other forms in the summary.
    protected override void Show(DomainException refused, bool details) =>
        ModelState.AddDomainErrors(refused, details ? MetadataInput.FieldName : null);

    protected override async Task LoadAsync(string id, bool keepInput)
    {
        Course = await courses.GetAsync(id);
        if (!keepInput && Course.Shown is { } shown)
        {
            Input = MetadataInput.From(shown.Content);
        }

        if (Course.Draft is null)
        {
            Viewed = Course.Active ?? await courses.GetVersionAsync(id, Course.History[^1].Number);
            return;
        }

        var profiles = (await users.FindProfilesAsync(Course.Draft.Content.Instructors)).ToDictionary(p => p.UserId, StringComparer.Ordinal);
        Instructors = [.. Course.Draft.Content.Instructors.Select(i => (i, profiles.GetValueOrDefault(i)))];
    }

    // Only conflicts (a draft that exists, or has gone) are the author's to read here; an unknown version is a 404 page.
    protected override bool ShowsOnPage(DomainException refused) => refused.Kind == DomainErrorKind.Conflict;
}

/// <summary>The course details form. Lists (tags, prerequisites) are typed comma-separated; instructors are picked by name
/// in a section of their own, so this form leaves them as they are.</summary>
public sealed class MetadataInput
{
    [Required, StringLength(CourseValidation.MaxTitleLength)]
    public string Title { get; set; } = "";

    [StringLength(CourseValidation.MaxDescriptionLength)]
    public string? Description { get; set; }

    [Display(Name = "Product suite")]
    public string? ProductSuite { get; set; }

    [Display(Name = "Product concept")]
    public string? ProductConcept { get; set; }

    [Display(Name = "Tags (comma-separated)")]
    public string? Tags { get; set; }

    [Display(Name = "Cover image URL")]
    public string? CoverImageUrl { get; set; }

    [Display(Name = "Start date")]
    public DateOnly? StartDate { get; set; }

    [Display(Name = "End date")]
    public DateOnly? EndDate { get; set; }

    [Display(Name = "Estimated duration (minutes; empty = sum of the lessons)")]
    public int? EstimatedDurationMinutes { get; set; }

    [Display(Name = "Prerequisites (course ids, comma-separated)")]
    public string? Prerequisites { get; set; }

    public static MetadataInput From(CourseContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new()
        {
            Title = c.Title,
            Description = c.Description,
            ProductSuite = c.ProductSuite,
            ProductConcept = c.ProductConcept,
            Tags = string.Join(", ", c.Tags),
            CoverImageUrl = c.CoverImageUrl,
            StartDate = c.StartDate,
            EndDate = c.EndDate,
            EstimatedDurationMinutes = c.EstimatedDurationMinutes,
            Prerequisites = string.Join(", ", c.Prerequisites),
        };
    }

    public CourseContent ApplyTo(CourseContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c with
        {
            Title = Title.Trim(),
            Description = OptionalText.TrimmedOrNull(Description),
            ProductSuite = OptionalText.TrimmedOrNull(ProductSuite),
            ProductConcept = OptionalText.TrimmedOrNull(ProductConcept),
            Tags = List(Tags),
            CoverImageUrl = OptionalText.TrimmedOrNull(CoverImageUrl),
            StartDate = StartDate,
            EndDate = EndDate,
            EstimatedDurationMinutes = EstimatedDurationMinutes,
            Prerequisites = List(Prerequisites),
        };
    }

    /// <summary>The form field for a validation path of the course's details, e.g. <c>tags[2]</c> → <c>Input.Tags</c>.</summary>
    public static string? FieldName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var root = path.Split('[', '.')[0];
        var property = typeof(MetadataInput).GetProperties().FirstOrDefault(p => string.Equals(p.Name, root, StringComparison.OrdinalIgnoreCase));
        return property is null ? null : $"Input.{property.Name}";
    }

    private static ImmutableArray<string> List(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
}
