using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

/// <summary>What a new account must have (a valid e-mail address, a first and last name of sensible length), what a
/// profile update may hold, and what granted credit needs.</summary>
public static class UserValidation
{
    public const int MaxNameLength = 100;

    public static void ThrowIfInvalid(NewUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var errors = new List<FieldError>();
        if (!EmailAddress.IsValid(user.Email))
        {
            errors.Add(new FieldError(ErrorCodes.InvalidEmail, "email", $"'{user.Email}' is not an e-mail address."));
        }

        Name(errors, "firstName", user.FirstName);
        Name(errors, "lastName", user.LastName);
        if (user.DisplayName is { Length: > MaxNameLength * 2 })
        {
            errors.Add(new FieldError(ErrorCodes.TooLong, "displayName", $"At most {MaxNameLength * 2} characters."));
        }

        if (user.Roles.IsDefault is false && user.Roles.Any(r => !Enum.IsDefined(r)))
        {
            errors.Add(new FieldError(ErrorCodes.InvalidRole, "roles", "Roles are Learner, Contributor, Approver and Admin."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }
    }

    public static void ThrowIfInvalid(ProfileUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var errors = new List<FieldError>();
        Name(errors, "firstName", update.FirstName);
        Name(errors, "lastName", update.LastName);
        if (update.DisplayName is { Length: > MaxNameLength * 2 })
        {
            errors.Add(new FieldError(ErrorCodes.TooLong, "displayName", $"At most {MaxNameLength * 2} characters."));
        }

        if (!string.IsNullOrWhiteSpace(update.ImageUrl)
            && (!Uri.TryCreate(update.ImageUrl.Trim(), UriKind.Absolute, out var image) || (image.Scheme != Uri.UriSchemeHttps && image.Scheme != Uri.UriSchemeHttp)))
        {
            errors.Add(new FieldError(ErrorCodes.InvalidUrl, "imageUrl", "Only absolute http:// or https:// URLs are allowed."));
        }

        if (update.Bio is { Length: > 5000 })
        {
            errors.Add(new FieldError(ErrorCodes.TooLong, "bio", "At most 5000 characters."));
        }

        if (!string.IsNullOrWhiteSpace(update.TimeZone) && !TimeZones.IsKnown(update.TimeZone.Trim()))
        {
            errors.Add(new FieldError(ErrorCodes.Invalid, "timeZone", $"'{update.TimeZone.Trim()}' is not a time zone; use an IANA name such as Europe/Berlin."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }
    }

    /// <summary>Credit is granted for a course id with a reason of at most 2000 characters.</summary>
    public static void ThrowIfInvalidCredit(string courseId, string reason)
    {
        var errors = new List<FieldError>();
        if (!Ids.IsValid(courseId))
        {
            errors.Add(new FieldError(ErrorCodes.InvalidId, "courseId", $"'{courseId}' is not a course id."));
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 2000)
        {
            errors.Add(new FieldError(ErrorCodes.Required, "reason", "Credit needs a reason of at most 2000 characters."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }
    }

    private static void Name(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(ErrorCodes.Required, field, "A name is required."));
        }
        else if (value.Length > MaxNameLength)
        {
            errors.Add(new FieldError(ErrorCodes.TooLong, field, $"At most {MaxNameLength} characters."));
        }
    }
}
