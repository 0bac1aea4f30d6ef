using System.Globalization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Api;

/// <summary>
/// A version's <c>revision</c> in the API: when its content was last saved, as a string of ticks (a JavaScript number
/// cannot hold them exactly). A draft PUT that sends the revision it was read at is refused with 409
/// <c>draft_changed</c> when someone saved in between; without one, the last save wins.
/// </summary>
public static class Revisions
{
    public static string Of<TContent>(ContentVersion<TContent> version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.UpdatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);
    }

    public static long? Parse(string? revision) =>
        string.IsNullOrEmpty(revision) ? null
        : long.TryParse(revision, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks
        : throw new DomainException([new FieldError(ErrorCodes.InvalidRevision, "revision", "A revision is the string this API answered with the draft.")]);
}
