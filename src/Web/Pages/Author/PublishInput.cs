using System.ComponentModel.DataAnnotations;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Pages.Author;

/// <summary>The publish dialog's form, the same for courses and packages.</summary>
public sealed class PublishInput
{
    [Required(ErrorMessage = "Say what changed: learners and admins read the change notes."), StringLength(PublishRequest.MaxChangeNotesLength)]
    [Display(Name = "Change notes")]
    public string? ChangeNotes { get; set; }

    [Display(Name = "Effective from (UTC; empty = now)")]
    public DateTime? EffectiveDate { get; set; }

    public PublishRequest ToRequest() =>
        new(ChangeNotes?.Trim(), EffectiveDate is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null);

    /// <summary>The form field of a publish refusal's path.</summary>
    public static string? FieldName(string path) => path switch
    {
        "changeNotes" => "Input.ChangeNotes",
        "effectiveDate" => "Input.EffectiveDate",
        _ => null,
    };
}
