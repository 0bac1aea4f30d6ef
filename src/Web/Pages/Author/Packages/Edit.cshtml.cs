using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace CoursePortal.Web.Pages.Author.Packages;

/// <summary>The package draft editor: details, and the requirement tree's courses and groups with their rules,
/// required flags and order, one form post per change; each refusal is shown on the node it concerns.</summary>
public sealed partial class EditModel(PackageService packages, CatalogService catalog, RequirementGroupService groups) : DraftEditorModel<PackageContent>
{
    public PackageEditing Package { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> CourseTitles { get; private set; } = new Dictionary<string, string>();

    public ImmutableArray<RequirementGroup> Groups { get; private set; } = [];

    /// <summary>Refusal messages by the path of the node they concern ("" is the package's own rule).</summary>
    public Dictionary<string, List<string>> NodeErrors { get; } = new(StringComparer.Ordinal);

    [BindProperty]
    public PackageDetailsInput Input { get; set; } = new();

    public string Title(string courseId) => CourseTitles.GetValueOrDefault(courseId, courseId);

    /// <summary>The version shown read-only: the one asked for, else (with no draft to edit) the active or newest one.</summary>
    public ContentVersion<PackageContent>? Viewed { get; private set; }

    public VersionInfo? ViewedInfo => Viewed is { } v ? Package.History.FirstOrDefault(h => h.Number == v.Number) : null;

    /// <summary>The version waiting for its effective date, if any.</summary>
    public VersionInfo? Scheduled => Package.History.FirstOrDefault(h => h.IsScheduled);

    public async Task<IActionResult> OnGetAsync(string id, int? version)
    {
        await LoadAsync(id, keepInput: false);
        if (version is { } n && n != Package.Draft?.Number)
        {
            Viewed = await packages.GetVersionAsync(id, n);
        }

        return Page();
    }

    public Task<IActionResult> OnPostDetailsAsync(string id, long revision) =>
        EditAsync(id, revision, c => Input.ApplyTo(c), "Package details saved.", details: true);

    public Task<IActionResult> OnPostAddCourseAsync(string id, long revision, string? path, string? courseId, bool required, int? points) =>
        EditAsync(id, revision, c => c with { Requirement = PackageDraftEdits.AddCourse(c.Requirement, PackageDraftEdits.ParsePath(path), courseId ?? "", required, points) }, "Course added.");

    public Task<IActionResult> OnPostAddGroupAsync(string id, long revision, string? path, string? groupName, SetMode mode, int? min, string[]? courseIds, bool required) =>
        EditAsync(id, revision, c => c with
        {
            Requirement = PackageDraftEdits.AddSet(c.Requirement, PackageDraftEdits.ParsePath(path), groupName ?? "", mode, min, courseIds ?? [], required),
        }, "Group added.");

    public Task<IActionResult> OnPostUpdateSetAsync(string id, long revision, string? path, string? name, SetMode mode, int? min, int? minPoints, bool required) =>
        EditAsync(id, revision, c => c with { Requirement = PackageDraftEdits.UpdateSet(c.Requirement, PackageDraftEdits.ParsePath(path), name, mode, min, minPoints, required) }, "Rule saved.");

    public Task<IActionResult> OnPostUpdateCourseAsync(string id, long revision, string? path, bool required, int? points) =>
        EditAsync(id, revision, c => c with { Requirement = PackageDraftEdits.UpdateCourse(c.Requirement, PackageDraftEdits.ParsePath(path), required, points) }, "Course saved.");

    public Task<IActionResult> OnPostMoveAsync(string id, long revision, string? path, int delta) =>
        EditAsync(id, revision, c => c with { Requirement = PackageDraftEdits.Move(c.Requirement, PackageDraftEdits.ParsePath(path), delta) }, "Moved.");

    public Task<IActionResult> OnPostRemoveAsync(string id, long revision, string? path) =>
        EditAsync(id, revision, c => c with { Requirement = PackageDraftEdits.Remove(c.Requirement, PackageDraftEdits.ParsePath(path)) }, "Removed.");

    public Task<IActionResult> OnPostInsertGroupAsync(string id, long revision, string? groupId) =>
        ActAsync(id, () => packages.InsertGroupAsync(id, revision, groupId ?? "", User.UserId()!), $"Group '{groupId}' copied into the package.");

    public Task<IActionResult> OnPostSaveGroupAsync(string id, string? path, string? libraryId) =>
        ActAsync(id, async () =>
        {
            var package = await packages.GetAsync(id);
            var set = PackageDraftEdits.Node((package.Shown ?? throw DomainException.NotFound("Package", id)).Content.Requirement, PackageDraftEdits.ParsePath(path));
            await groups.SaveAsync(libraryId?.Trim() ?? "", set, User.UserId()!);
        }, $"Saved to the group library as '{libraryId}'.");

    public Task<IActionResult> OnPostCreateDraftAsync(string id, int? fromVersion) =>
        ActAsync(id, () => packages.CreateDraftAsync(id, fromVersion, User.UserId()!), "A new draft is open.");

    public Task<IActionResult> OnPostDiscardDraftAsync(string id) =>
        ActAsync(id, () => packages.DiscardDraftAsync(id, User.UserId()!), "The draft was discarded.");

    protected override Task<ContentVersion<PackageContent>> SaveDraftAsync(string id, long revision, Func<PackageContent, PackageContent> edit) =>
        packages.EditDraftAsync(id, revision, edit, User.UserId()!);

    // Tree errors go to their node; details errors beside their field; the rest to the summary.
    protected override void Show(DomainException refused, bool details)
    {
        IEnumerable<FieldError> errors = refused.Errors.IsEmpty ? [new FieldError(refused.Code, refused.Field ?? "", refused.Message)] : refused.Errors;
        foreach (var error in errors)
        {
            if (NodePath().Match(error.Field) is { Success: true } node)
            {
                var path = PackageDraftEdits.FormatPath(IndexPattern().Matches(node.Groups[1].Value).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
                if (!NodeErrors.TryGetValue(path, out var list))
                {
                    NodeErrors[path] = list = [];
                }

                list.Add(error.Message);
                ModelState.AddModelError("requirement", error.Message);
            }
            else
            {
                ModelState.AddModelError(PackageDetailsInput.FieldName(error.Field) ?? "", error.Message);
            }
        }
    }

    protected override async Task LoadAsync(string id, bool keepInput)
    {
        Package = await packages.GetAsync(id);
        CourseTitles = await catalog.CourseTitlesAsync();
        if (Package.Draft is null)
        {
            Viewed = Package.Active ?? await packages.GetVersionAsync(id, Package.History[^1].Number);
        }

        Groups = await groups.ListAsync();
        if (!keepInput && Package.Shown is { } shown)
        {
            Input = PackageDetailsInput.From(shown.Content);
        }

        // A refused change may concern a node the stored tree does not have (one being added): say it in the summary.
        foreach (var (path, messages) in NodeErrors.Where(e => !Exists(e.Key)).ToList())
        {
            NodeErrors.Remove(path);
            messages.ForEach(m => ModelState.AddModelError("", m));
        }
    }

    private bool Exists(string path)
    {
        if (Package.Draft is not { } draft)
        {
            return false;
        }

        try
        {
            PackageDraftEdits.Node(draft.Content.Requirement, PackageDraftEdits.ParsePath(path));
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^requirement((?:\.items\[\d+\])*)")]
    private static partial Regex NodePath();

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex IndexPattern();
}

/// <summary>The package details form; dates are UTC.</summary>
public sealed class PackageDetailsInput
{
    [Required, StringLength(RequirementValidation.MaxNameLength)]
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string? Category { get; set; }

    [Display(Name = "Enrollment opens (UTC)")]
    public DateTime? AvailableFrom { get; set; }

    [Display(Name = "Enrollment closes (UTC)")]
    public DateTime? AvailableUntil { get; set; }

    [Display(Name = "A completion stays valid for (days; empty = forever)")]
    public int? ValidityDays { get; set; }

    [Display(Name = "Only completions after enrolling count (retraining)")]
    public bool CompletionsMustFollowEnrollment { get; set; }

    public static PackageDetailsInput From(PackageContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new()
        {
            Name = c.Name,
            Description = c.Description,
            Category = c.Category,
            AvailableFrom = c.AvailableFrom?.UtcDateTime,
            AvailableUntil = c.AvailableUntil?.UtcDateTime,
            ValidityDays = c.ValidityDays,
            CompletionsMustFollowEnrollment = c.CompletionsMustFollowEnrollment,
        };
    }

    public PackageContent ApplyTo(PackageContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c with
        {
            Name = Name.Trim(),
            Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
            Category = string.IsNullOrWhiteSpace(Category) ? null : Category.Trim(),
            AvailableFrom = Utc(AvailableFrom),
            AvailableUntil = Utc(AvailableUntil),
            ValidityDays = ValidityDays,
            CompletionsMustFollowEnrollment = CompletionsMustFollowEnrollment,
        };
    }

    public static string? FieldName(string path) => path switch
    {
        "name" => "Input.Name",
        "description" => "Input.Description",
        "category" => "Input.Category",
        "availableFrom" => "Input.AvailableFrom",
        "availableUntil" => "Input.AvailableUntil",
        "validityDays" => "Input.ValidityDays",
        _ => null,
    };

    private static DateTimeOffset? Utc(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
