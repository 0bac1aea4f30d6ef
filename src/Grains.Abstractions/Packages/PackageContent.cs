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

    /// <summary>Every broken rule of a package draft of <paramref name="packageId"/>.</summary>
    public static IReadOnlyList<FieldError> Validate(string packageId, PackageContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var errors = new List<FieldError>();
        if (!Ids.IsValid(packageId))
        {
            errors.Add(new(ErrorCodes.InvalidId, "id", $"The package id '{packageId}' must be 1–{Ids.MaxLength} lower-case letters, digits, '-' or '_'."));
        }

        if (string.IsNullOrWhiteSpace(content.Name))
        {
            errors.Add(new(ErrorCodes.Required, "name", "A package needs a name."));
        }
        else if (content.Name.Length > RequirementValidation.MaxNameLength)
        {
            errors.Add(new(ErrorCodes.TooLong, "name", $"At most {RequirementValidation.MaxNameLength} characters."));
        }

        if (content.Description is { Length: > 10_000 })
        {
            errors.Add(new(ErrorCodes.TooLong, "description", "At most 10000 characters."));
        }

        if (content.Category is { Length: > RequirementValidation.MaxNameLength })
        {
            errors.Add(new(ErrorCodes.TooLong, "category", $"At most {RequirementValidation.MaxNameLength} characters."));
        }

        if (content.AvailableFrom is { } from && content.AvailableUntil is { } until && until <= from)
        {
            errors.Add(new(ErrorCodes.InvalidDates, "availableUntil", "The enrollment window closes before it opens."));
        }

        if (content.ValidityDays is < 1 or > MaxValidityDays)
        {
            errors.Add(new(ErrorCodes.OutOfRange, "validityDays", $"A completion stays valid for 1 to {MaxValidityDays} days."));
        }

        errors.AddRange(RequirementValidation.Validate(content.Requirement));
        return errors;
    }
}
