using System.Text;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.WebUtilities;

namespace CoursePortal.Web.Api;

/// <summary>The users list's paging parameters: <c>limit</c> 1 to <see cref="UserService.MaxPage"/> (default
/// <see cref="DefaultLimit"/>), and <c>after</c>, the opaque <c>next</c> of the previous page. Bad ones are 400 with
/// every rejected field, as the events browser answers them.</summary>
public static class UserListPage
{
    public const int DefaultLimit = 100;

    // A version mark, so that a cursor of another shape (or another list's) is refused rather than misread.
    private const string Mark = "u1:";

    /// <summary>The e-mail address the page continues after (null: the first page) and the page size.</summary>
    public static (string? AfterEmail, int Limit) Read(string? after, int? limit)
    {
        List<FieldError> errors = [];
        if (limit is < 1 or > UserService.MaxPage)
        {
            errors.Add(new FieldError(ErrorCodes.OutOfRange, "limit", $"A page holds 1 to {UserService.MaxPage} users."));
        }

        if (!TryReadCursor(after, out var afterEmail))
        {
            errors.Add(new FieldError(ErrorCodes.InvalidCursor, "after", "'after' must be the 'next' value of the previous page."));
        }

        return errors.Count > 0 ? throw new DomainException(errors) : (afterEmail, limit ?? DefaultLimit);
    }

    /// <summary>The cursor of the page after the one that ended with <paramref name="lastEmail"/>.</summary>
    public static string? Cursor(string? lastEmail) =>
        lastEmail is null ? null : WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(Mark + lastEmail));

    private static bool TryReadCursor(string? after, out string? afterEmail)
    {
        afterEmail = null;
        if (string.IsNullOrEmpty(after))
        {
            return true;
        }

        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(after));
            afterEmail = text.StartsWith(Mark, StringComparison.Ordinal) && EmailAddress.IsValid(text[Mark.Length..]) ? text[Mark.Length..] : null;
        }
        catch (FormatException)
        {
            afterEmail = null;
        }

        return afterEmail is not null;
    }
}
