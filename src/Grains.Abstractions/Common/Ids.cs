using System.Text.RegularExpressions;

namespace CoursePortal.Grains.Abstractions.Common;

/// <summary>The safe character set of every id people choose (course, module, lesson, question,
/// option): lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 64.
/// Safe in URLs, file names inside ZIPs and grain keys alike.</summary>
public static partial class Ids
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id) => id is not null && SafeId().IsMatch(id);

    /// <summary>The id, when it is one; else a 400 naming <paramref name="field"/>, for ids people type.</summary>
    public static string Require(string? id, string field = "id") =>
        IsValid(id) ? id! : throw new DomainException([new FieldError(ErrorCodes.InvalidId, field, $"'{id}' must be 1–{MaxLength} lower-case letters, digits, '-' or '_'.")]);

    /// <summary>The id of an existing <paramref name="what"/> as a URL or form names it: text that cannot be an id
    /// names nothing, so the answer is the same 404 as for an id nobody has used, and it never becomes a grain key.</summary>
    public static string Existing(string what, string? id) =>
        IsValid(id) ? id! : throw DomainException.NotFound(what, id ?? "");

    // \A and \z, not ^ and $: '$' also matches before a final newline, so "course\n" would pass and become a key.
    // The classes are ASCII ranges (no IgnoreCase, no \d), so look-alike letters and digits from other scripts fail.
    [GeneratedRegex(@"\A[a-z0-9][a-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafeId();
}
