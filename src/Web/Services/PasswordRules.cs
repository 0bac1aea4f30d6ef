using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Web.Services;

/// <summary>
/// What a local password must be: long (length is what makes a password strong; no composition rules, as NIST SP
/// 800-63B advises), not the account's own e-mail name, and not one character repeated or a short pattern.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 12;
    public const int MaxLength = 200;
    private const int MinDistinctCharacters = 5;

    /// <summary>Every rule <paramref name="password"/> breaks, as messages; empty when it is acceptable.</summary>
    public static IReadOnlyList<string> Problems(string password, string? email)
    {
        ArgumentNullException.ThrowIfNull(password);
        var problems = new List<string>();
        if (password.Length < MinLength)
        {
            problems.Add($"A password has at least {MinLength} characters.");
        }

        if (password.Length > MaxLength)
        {
            problems.Add($"A password has at most {MaxLength} characters.");
        }

        if (password.Distinct().Count() < MinDistinctCharacters)
        {
            problems.Add($"A password uses at least {MinDistinctCharacters} different characters.");
        }

        var name = email?.Split('@')[0];
        if (name is { Length: >= 3 } && password.Contains(name, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("A password may not contain the account's e-mail name.");
        }

        return problems;
    }

    public static void ThrowIfWeak(string password, string? email)
    {
        var problems = Problems(password, email);
        if (problems.Count > 0)
        {
            throw new DomainException([.. problems.Select(p => new FieldError(ErrorCodes.WeakPassword, "password", p))]);
        }
    }
}
