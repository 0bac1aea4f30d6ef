namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>Which users an admin's search text finds: those whose e-mail address, display name, first or last name
/// contains it (case ignored); empty text finds everyone.</summary>
public static class UserSearch
{
    public static bool Matches(UserProfile user, string? text)
    {
        ArgumentNullException.ThrowIfNull(user);
        var query = text?.Trim() ?? "";
        return query.Length == 0
            || user.Email.Contains(query, StringComparison.OrdinalIgnoreCase)
            || user.DisplayName.Contains(query, StringComparison.OrdinalIgnoreCase)
            || user.FirstName.Contains(query, StringComparison.OrdinalIgnoreCase)
            || user.LastName.Contains(query, StringComparison.OrdinalIgnoreCase);
    }
}
