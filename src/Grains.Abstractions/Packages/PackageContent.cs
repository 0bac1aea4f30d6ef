using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>What an author edits in a package draft: its name and rules, when it can be enrolled in, how long
/// a completion stays valid, and whether only completions after enrolling count (retraining).</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.package-content")]
public sealed record PackageContent(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Description,
    [property: Id(2)] string? Category,
    [property: Id(3)] RequirementNode Requirement,
    [property: Id(4)] DateTimeOffset? AvailableFrom = null,
    [property: Id(5)] DateTimeOffset? AvailableUntil = null,
    [property: Id(6)] int? ValidityDays = null,
    [property: Id(7)] bool CompletionsMustFollowEnrollment = false)
{
    public const int MaxValidityDays = 3650;

    private const int MaxDescriptionLength = 10_000;

    /// <summary>Every broken rule of a package draft of <paramref name="packageId"/>.</summary>
    public static IReadOnlyList<FieldError> Validate(string packageId, PackageContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var errors = new List<FieldError>();
        if (!Ids.IsValid(packageId))
        {
            errors.Add(new(ErrorCodes.InvalidId, "id", $"The package id '{packageId}' must be 1–{Ids.MaxLength} lower-case letters, digits, '-' or '_'."));
        }

        PackageName(errors, content.Name);
        MaxLength(errors, "description", content.Description, MaxDescriptionLength);
        MaxLength(errors, "category", content.Category, RequirementValidation.MaxNameLength);
        EnrollmentWindow(errors, content.AvailableFrom, content.AvailableUntil);
        ValidityPeriod(errors, content.ValidityDays);
        errors.AddRange(RequirementValidation.Validate(content.Requirement));
        return errors;
    }

    private static void PackageName(List<FieldError> errors, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new(ErrorCodes.Required, "name", "A package needs a name."));
        }
        else
        {
            MaxLength(errors, "name", name, RequirementValidation.MaxNameLength);
        }
    }

    private static void MaxLength(List<FieldError> errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(new(ErrorCodes.TooLong, field, $"At most {max} characters."));
        }
    }

    // A window that closes at or before its opening would let no one enroll.
    private static void EnrollmentWindow(List<FieldError> errors, DateTimeOffset? from, DateTimeOffset? until)
    {
        if (from is { } opens && until is { } closes && closes <= opens)
        {
            errors.Add(new(ErrorCodes.InvalidDates, "availableUntil", "The enrollment window closes before it opens."));
        }
    }

    private static void ValidityPeriod(List<FieldError> errors, int? days)
    {
        if (days is < 1 or > MaxValidityDays)
        {
            errors.Add(new(ErrorCodes.OutOfRange, "validityDays", $"A completion stays valid for 1 to {MaxValidityDays} days."));
        }
    }
}
