using System.Net.Mail;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>How e-mail addresses are compared: trimmed and lower-cased, so "Ada@Example.com" and
/// "ada@example.com " are one account.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    public static string Normalize(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    public static bool IsValid(string? email) =>
        email is { Length: > 0 and <= MaxLength } && MailAddress.TryCreate(email.Trim(), out var parsed) && parsed.Address == email.Trim();
}
