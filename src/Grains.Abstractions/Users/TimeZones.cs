using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>The time zones a profile may name: the IANA ids this machine knows (ICU gives every platform them).</summary>
public static class TimeZones
{
    /// <summary>Every IANA id, sorted, for the profile page's list.</summary>
    public static ImmutableArray<string> All { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.HasIanaId ? z.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var iana) ? iana : z.Id)
            .Append("UTC").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>True for an IANA id this machine knows.</summary>
    public static bool IsKnown(string id) =>
        All.Contains(id, StringComparer.Ordinal) || (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId);
}
