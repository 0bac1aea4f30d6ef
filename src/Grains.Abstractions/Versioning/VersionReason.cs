using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Grains.Abstractions.Versioning;

/// <summary>The reason an approver gives for archiving a course or package (required) or cancelling a scheduled publish
/// (optional); it lands in the version's audit fields and in the audit event.</summary>
public static class VersionReason
{
    /// <summary>At most <see cref="PublishRequest.MaxReasonLength"/> characters; answered trimmed, null when empty.</summary>
    public static string? Check(string? reason, bool required)
    {
        var trimmed = reason?.Trim() ?? "";
        return trimmed.Length == 0 && required
            ? throw new DomainException([new FieldError(ErrorCodes.Required, "reason", "Say why: admins and auditors read the reason.")])
            : trimmed.Length > PublishRequest.MaxReasonLength
            ? throw new DomainException([new FieldError(ErrorCodes.TooLong, "reason", $"At most {PublishRequest.MaxReasonLength} characters.")])
            : trimmed.Length == 0 ? null : trimmed;
    }
}
