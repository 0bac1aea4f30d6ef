namespace CoursePortal.Grains.Abstractions.Common;

/// <summary>How optional text people type is kept: trimmed, and left out when nothing is left of it.</summary>
public static class OptionalText
{
    /// <summary>The value without surrounding white space, or null when it is empty or only white space.</summary>
    public static string? TrimmedOrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
